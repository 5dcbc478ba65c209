package dev.llmpool.simulator.anthropic;

import com.sun.net.httpserver.Headers;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import dev.llmpool.simulator.timing.GoDurations;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Anthropic's response headers: {@code request-id}, the organization, and the
 * {@code anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}} family, resets as
 * RFC 3339 timestamps (whole seconds, rounded up) of when the bucket is full again. Token limits are reported per
 * request of the request limit ({@value #INPUT_TOKENS_PER_REQUEST} input, {@value #OUTPUT_TOKENS_PER_REQUEST} output,
 * the ratio of Anthropic's tier 1), so they run out together; {@code tokens-*} reports the most restrictive, output.
 */
final class AnthropicHeaders {

    static final long INPUT_TOKENS_PER_REQUEST = 600;
    static final long OUTPUT_TOKENS_PER_REQUEST = 160;

    private static final String PREFIX = "anthropic-ratelimit-";

    private AnthropicHeaders() {
    }

    static void identify(Headers headers, String requestId) {
        headers.set("request-id", requestId);
        headers.set("anthropic-organization-id", AnthropicErrors.ORGANIZATION);
    }

    /** The rate-limit headers at {@code now}; a refused decision adds {@code retry-after} in whole seconds. */
    static void rateLimit(Headers headers, RateLimitDecision decision, Instant now) {
        String reset = rfc3339(now.plus(decision.resetAfter()));
        family(headers, "requests", decision.limit(), decision.remaining(), reset);
        family(headers, "input-tokens", decision.limit() * INPUT_TOKENS_PER_REQUEST,
                decision.remaining() * INPUT_TOKENS_PER_REQUEST, reset);
        family(headers, "output-tokens", decision.limit() * OUTPUT_TOKENS_PER_REQUEST,
                decision.remaining() * OUTPUT_TOKENS_PER_REQUEST, reset);
        family(headers, "tokens", decision.limit() * OUTPUT_TOKENS_PER_REQUEST,
                decision.remaining() * OUTPUT_TOKENS_PER_REQUEST, reset);
        if (!decision.admitted()) {
            headers.set("retry-after", Long.toString(GoDurations.ceilSeconds(decision.retryAfter())));
        }
    }

    /** An instant as RFC 3339 in UTC, rounded up to the second: {@code 2026-01-01T00:00:13Z}. */
    static String rfc3339(Instant instant) {
        Instant whole = instant.getNano() == 0 ? instant : instant.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return DateTimeFormatter.ISO_INSTANT.format(whole);
    }

    private static void family(Headers headers, String name, long limit, long remaining, String reset) {
        headers.set(PREFIX + name + "-limit", Long.toString(limit));
        headers.set(PREFIX + name + "-remaining", Long.toString(remaining));
        headers.set(PREFIX + name + "-reset", reset);
    }
}
