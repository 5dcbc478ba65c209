package dev.llmpool.gateway.tenancy;

import dev.llmpool.gateway.error.ApiException;
import java.util.Map;

/** The errors of authentication, limits and budgets, in OpenAI's words where OpenAI has them. */
public final class TenancyErrors {

    private TenancyErrors() {
    }

    /** 401 without a key (OpenAI's wording). */
    public static ApiException missingKey() {
        return new ApiException(401, "You didn't provide an API key. You need to provide your API key in an "
                + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the x-api-key "
                + "header.", ApiException.INVALID_REQUEST, null, "missing_api_key",
                Map.of("WWW-Authenticate", "Bearer"));
    }

    /** 401 for an unknown, revoked or expired key; never says which, nor repeats the key. */
    public static ApiException invalidKey(String why) {
        return new ApiException(401, "Incorrect API key provided" + (why == null ? "" : " (" + why + ")")
                + ". Ask the pool's operator for a valid key.", ApiException.INVALID_REQUEST, null, "invalid_api_key",
                Map.of("WWW-Authenticate", "Bearer"));
    }

    /** 401 on the admin API without the master key. */
    public static ApiException notAdmin(boolean masterKeySet) {
        return new ApiException(401, masterKeySet ? "The admin API needs the master key (LLMPOOL_MASTER_KEY) as a "
                + "Bearer token." : "The admin API is off: no master key is set (LLMPOOL_MASTER_KEY, "
                + "llmpool.auth.master-key). Use `llmpool keys` on the pool's machine.",
                ApiException.INVALID_REQUEST, null, "invalid_api_key", Map.of("WWW-Authenticate", "Bearer"));
    }

    /** 403: the key may not use this model. */
    public static ApiException modelNotAllowed(String model, String keyId) {
        return new ApiException(403, "The API key " + keyId + " may not use the model `" + model + "`.",
                "permission_error", "model", "model_not_allowed");
    }

    /** 429: a rate limit of the key or its tenant. */
    public static ApiException rateLimited(String what, long limit, long retryAfterSeconds,
                                           Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("retry-after", Long.toString(retryAfterSeconds));
        return new ApiException(429, "Rate limit reached for " + what + ": " + limit + ". Please try again in "
                + retryAfterSeconds + "s.", "requests", null, "rate_limit_exceeded", all);
    }

    /** 429: a budget has no room for the request's estimated cost. */
    public static ApiException budgetExceeded(String message, long retryAfterSeconds) {
        return new ApiException(429, message, "insufficient_quota", null, "budget_exceeded",
                Map.of("retry-after", Long.toString(retryAfterSeconds)));
    }
}
