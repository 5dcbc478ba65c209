package dev.llmpool.workers.provider.openai;

import dev.llmpool.workers.provider.errors.ErrorMapping;
import dev.llmpool.workers.provider.errors.GoDuration;
import dev.llmpool.workers.provider.errors.ProviderErrors;
import java.net.http.HttpHeaders;
import java.time.Instant;

/**
 * OpenAI's error quirks (and those of the OpenAI-compatible servers that copy them): on a 429 without
 * {@code retry-after}, the wait is the {@code x-ratelimit-reset-requests}/{@code -tokens} Go-style duration
 * ({@code 6m0s}, {@code 1s}, {@code 12ms}) of the bucket that is exhausted ({@code x-ratelimit-remaining-*: 0}),
 * else the longer of the two. The body is the common envelope, also in its flat and bare-string forms.
 */
final class OpenAiErrors implements ProviderErrors {

    /** The error mapping of every {@code openai} endpoint. */
    static final ErrorMapping MAPPING = new ErrorMapping(new OpenAiErrors());

    @Override
    public Long resetWaitMs(HttpHeaders headers, Instant now) {
        Long requests = headers.firstValue("x-ratelimit-reset-requests").map(GoDuration::toMillis).orElse(null);
        Long tokens = headers.firstValue("x-ratelimit-reset-tokens").map(GoDuration::toMillis).orElse(null);
        boolean requestsExhausted = exhausted(headers, "requests") && requests != null;
        boolean tokensExhausted = exhausted(headers, "tokens") && tokens != null;
        if (requestsExhausted && !tokensExhausted) {
            return requests;
        }
        if (tokensExhausted && !requestsExhausted) {
            return tokens;
        }
        return requests == null ? tokens : tokens == null ? requests : Math.max(requests, tokens);
    }

    private static boolean exhausted(HttpHeaders headers, String bucket) {
        return headers.firstValue("x-ratelimit-remaining-" + bucket).map(String::trim).filter("0"::equals).isPresent();
    }
}
