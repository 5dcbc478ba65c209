package dev.llmpool.workers.provider.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The time limits of one provider call, resolved per provider and model from {@code resilience4j.timelimiter}.
 *
 * @param firstToken how long a streamed call may take until its first token arrives (headers included), taken as
 *                   the stream's first event (OpenAI's first chunk, Anthropic's {@code message_start}, Gemini's
 *                   first chunk: the provider has started answering); not applied to a call that is not streamed,
 *                   whose answer comes whole
 * @param total      how long the whole call may take, headers to last byte
 */
public record CallLimits(Duration firstToken, Duration total) {

    /** What the pool ships ({@code resilience4j.timelimiter.configs}): 60 s to the first token, 120 s in all. */
    public static final CallLimits DEFAULTS = new CallLimits(Duration.ofSeconds(60), Duration.ofSeconds(120));

    public CallLimits {
        Objects.requireNonNull(firstToken, "firstToken");
        Objects.requireNonNull(total, "total");
        if (!firstToken.isPositive() || !total.isPositive()) {
            throw new IllegalArgumentException("time limits must be positive: " + firstToken + ", " + total);
        }
    }
}
