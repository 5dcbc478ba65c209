package dev.llmpool.gateway.tenancy;

import dev.llmpool.core.tenancy.BudgetPeriod;
import dev.llmpool.core.tenancy.Limits;
import dev.llmpool.core.tenancy.TenantNames;
import dev.llmpool.gateway.error.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;

/**
 * A key asked of the admin API: {@code tenant} (required), {@code name}, {@code rpm}, {@code tpm},
 * {@code budget_usd}, {@code budget_period} ({@code day}, {@code month}), {@code models} (a list), {@code expires_in}
 * ({@code 30d}, {@code 12h}) or {@code expires_at} (epoch seconds). Pure.
 */
public record KeyRequest(String tenant, String name, Limits limits, List<String> models, Instant expiresAt) {

    public static KeyRequest parse(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalidRequest("The body must be a JSON object.", null, "invalid_request");
        }
        String tenant = text(body, "tenant");
        if (tenant == null) {
            throw ApiException.missingParameter("tenant");
        }
        if (!TenantNames.valid(tenant)) {
            throw ApiException.invalidValue("tenant", "a tenant name is a letter or digit, then letters, digits, "
                    + "'_', '.' or '-', 64 at most.");
        }
        List<String> models = new ArrayList<>();
        JsonNode list = body.get("models");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw ApiException.invalidType("models", "an array of strings", list.getNodeType().name());
            }
            list.forEach(m -> models.add(m.asString()));
        }
        Instant expiresAt = null;
        String expiresIn = text(body, "expires_in");
        if (expiresIn != null) {
            try {
                Duration duration = DurationStyle.detectAndParse(expiresIn);
                expiresAt = now.plus(duration);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw ApiException.invalidValue("expires_in", "'" + expiresIn + "' is not a duration such as 30d.");
            }
        } else if (body.hasNonNull("expires_at")) {
            expiresAt = Instant.ofEpochSecond(body.get("expires_at").asLong());
        }
        return new KeyRequest(tenant, text(body, "name"), limits(body), models, expiresAt);
    }

    /** {@code rpm}, {@code tpm}, {@code budget_usd}, {@code budget_period} of a body. */
    public static Limits limits(JsonNode body) {
        try {
            return Limits.builder().rpm(number(body, "rpm")).tpm(number(body, "tpm"))
                    .budgetUsd(body.hasNonNull("budget_usd") ? body.get("budget_usd").asDouble() : null)
                    .budgetPeriod(BudgetPeriod.parse(text(body, "budget_period"))).build();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest(e.getMessage(), null, "invalid_value");
        }
    }

    private static Long number(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asLong() : null;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() || node.asString().isBlank() ? null : node.asString().strip();
    }
}
