package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.workers.provider.errors.ErrorMapping;
import dev.llmpool.workers.provider.errors.ProviderErrors;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's error quirks: an answer is an error when its {@code type} is {@code error}; on a 429 without
 * {@code retry-after}, the wait runs to the latest {@code anthropic-ratelimit-<bucket>-reset} (RFC 3339) among the
 * buckets with nothing remaining, else to the latest of all.
 */
final class AnthropicErrors implements ProviderErrors {

    /** The error mapping of every {@code anthropic} endpoint. */
    static final ErrorMapping MAPPING = new ErrorMapping(new AnthropicErrors());

    private static final List<String> BUCKETS = List.of("requests", "tokens", "input-tokens", "output-tokens");

    @Override
    public boolean isError(JsonNode answer) {
        return "error".equals(answer.path("type").asString(""));
    }

    @Override
    public Long resetWaitMs(HttpHeaders headers, Instant now) {
        Long exhausted = null;
        Long any = null;
        for (String bucket : BUCKETS) {
            Long wait = headers.firstValue("anthropic-ratelimit-" + bucket + "-reset")
                    .map(value -> untilMs(value, now)).orElse(null);
            if (wait == null) {
                continue;
            }
            any = any == null ? wait : Math.max(any, wait);
            boolean empty = headers.firstValue("anthropic-ratelimit-" + bucket + "-remaining").map(String::trim)
                    .filter("0"::equals).isPresent();
            if (empty) {
                exhausted = exhausted == null ? wait : Math.max(exhausted, wait);
            }
        }
        return exhausted != null ? exhausted : any;
    }

    /** Milliseconds from {@code now} to an RFC 3339 timestamp (0 when past), or null when it is not one. */
    private static Long untilMs(String value, Instant now) {
        try {
            return Math.max(0L, Duration.between(now, OffsetDateTime.parse(value.trim()).toInstant()).toMillis());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
