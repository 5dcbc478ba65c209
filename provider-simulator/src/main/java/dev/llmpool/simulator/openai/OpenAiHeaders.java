package dev.llmpool.simulator.openai;

import com.sun.net.httpserver.Headers;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import dev.llmpool.simulator.timing.GoDurations;

/**
 * OpenAI's response headers: request id, processing time and the {@code x-ratelimit-*} family (resets as Go
 * durations). Token limits are reported as {@value #TOKENS_PER_REQUEST} tokens per request of the request limit,
 * so they run out together (30,000 RPM shows as 150,000,000 TPM, OpenAI's tier 5 for gpt-4o-mini).
 */
final class OpenAiHeaders {

    static final long TOKENS_PER_REQUEST = 5_000;

    private OpenAiHeaders() {
    }

    static void identify(Headers headers, String requestId) {
        headers.set("x-request-id", requestId);
        headers.set("openai-version", "2020-10-01");
        headers.set("openai-organization", OpenAiErrors.ORGANIZATION);
    }

    static void processingTime(Headers headers, long startedNanos) {
        headers.set("openai-processing-ms", Long.toString((System.nanoTime() - startedNanos) / 1_000_000));
    }

    static void rateLimit(Headers headers, RateLimitDecision decision) {
        String reset = GoDurations.format(decision.resetAfter());
        headers.set("x-ratelimit-limit-requests", Integer.toString(decision.limit()));
        headers.set("x-ratelimit-remaining-requests", Integer.toString(decision.remaining()));
        headers.set("x-ratelimit-reset-requests", reset);
        headers.set("x-ratelimit-limit-tokens", Long.toString(decision.limit() * TOKENS_PER_REQUEST));
        headers.set("x-ratelimit-remaining-tokens", Long.toString(decision.remaining() * TOKENS_PER_REQUEST));
        headers.set("x-ratelimit-reset-tokens", reset);
        if (!decision.admitted()) {
            headers.set("retry-after", Long.toString(GoDurations.ceilSeconds(decision.retryAfter())));
            headers.set("retry-after-ms", Long.toString(GoDurations.ceilMillis(decision.retryAfter())));
        }
    }
}
