package dev.llmpool.gateway.api;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.jobs.JobIds;
import dev.llmpool.schemas.envelope.CacheControl;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The gateway's own HTTP headers, and reading the ones a client sends. Pure. */
public final class ClientHeaders {

    /** Request: the job id to use (also answered on every job response). */
    public static final String JOB_ID = "x-llmpool-job-id";
    /** Request: an idempotency key, used as the job id when {@link #JOB_ID} is absent. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Request: the job's timeout in milliseconds. */
    public static final String TIMEOUT = "x-llmpool-timeout";
    /** Request: {@code auto|bypass|refresh|force}. */
    public static final String CACHE_CONTROL = "x-llmpool-cache-control";
    /** Response: {@code hit} or {@code miss}. */
    public static final String CACHE = "x-llmpool-cache";
    /** Response: the catalog model that answered. */
    public static final String MODEL = "x-llmpool-model";
    /** Response: the provider that answered. */
    public static final String PROVIDER = "x-llmpool-provider";
    /** Response: how many attempts the answer took. */
    public static final String ATTEMPTS = "x-llmpool-attempts";
    /**
     * Response: how a routed request was decided, in one line: {@code route=balanced; by=default;
     * tiers=gpt-4o-mini:0.41,gpt-4o:0.93; final=gpt-4o; cost=0.001234} (the full trace is the job result's
     * {@code routing}).
     */
    public static final String ROUTE = "x-llmpool-route";
    public static final String TRACEPARENT = "traceparent";

    private static final Pattern TRACEPARENT_FORMAT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private ClientHeaders() {
    }

    /** The client's job id or idempotency key made valid, else a fresh id. */
    public static String correlationId(String jobIdHeader, String idempotencyKey, Supplier<String> fresh) {
        String id = JobIds.fromClient(jobIdHeader);
        if (id == null) {
            id = JobIds.fromClient(idempotencyKey);
        }
        return id == null ? fresh.get() : id;
    }

    public static CacheControl cacheControl(String header) {
        if (header == null || header.isBlank()) {
            return CacheControl.AUTO;
        }
        return new CacheControl(cacheMode(header.strip(), CACHE_CONTROL), null);
    }

    static CacheControl.Mode cacheMode(String value, String param) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> CacheControl.Mode.AUTO;
            case "bypass" -> CacheControl.Mode.BYPASS;
            case "refresh" -> CacheControl.Mode.REFRESH;
            case "force" -> CacheControl.Mode.FORCE;
            default -> throw ApiException.invalidRequest("Invalid value: '" + value + "'. Supported values are: "
                    + "'auto', 'bypass', 'refresh' and 'force'.", param, "invalid_value");
        };
    }

    /** The timeout header in milliseconds, or null when absent. */
    public static Duration timeout(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        long millis;
        try {
            millis = Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalidRequest("Invalid '" + TIMEOUT + "' header: '" + header
                    + "' is not a whole number of milliseconds.", TIMEOUT, "invalid_value");
        }
        if (millis < 1) {
            throw ApiException.invalidRequest("Invalid '" + TIMEOUT + "' header: it must be at least 1 millisecond.",
                    TIMEOUT, "invalid_value");
        }
        return Duration.ofMillis(millis);
    }

    /** A well-formed W3C traceparent to pass on, or null. */
    public static String traceparent(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip().toLowerCase(Locale.ROOT);
        return TRACEPARENT_FORMAT.matcher(value).matches() ? value : null;
    }
}
