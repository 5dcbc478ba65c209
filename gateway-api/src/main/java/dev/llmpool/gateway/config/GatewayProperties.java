package dev.llmpool.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's settings, under {@code llmpool.gateway.*}. A job's default deadline is {@code llmpool.jobs.default-timeout}.
 *
 * @param enabled           whether this process serves the HTTP API
 * @param maxTimeout        the longest deadline a client may ask for with {@code x-llmpool-timeout}
 * @param keepaliveInterval how often an idle SSE response gets a {@code : keep-alive} comment
 * @param publishTimeout    how long a request waits for Kafka to acknowledge its job before failing with 503
 * @param limits            what one request may ask ({@code llmpool.gateway.limits.*})
 */
@Validated
@ConfigurationProperties("llmpool.gateway")
public record GatewayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") @NotNull Duration maxTimeout,
        @DefaultValue("10s") @NotNull Duration keepaliveInterval,
        @DefaultValue("10s") @NotNull Duration publishTimeout,
        @DefaultValue @NotNull @Valid Limits limits) {

    public GatewayProperties {
        requirePositive("max-timeout", maxTimeout);
        requirePositive("keepalive-interval", keepaliveInterval);
        requirePositive("publish-timeout", publishTimeout);
    }

    /**
     * The request limits, each refused in OpenAI's error shape before anything is stored or queued.
     *
     * @param maxBodySize            the largest request body, counted as it arrives (413). 8 MB: OpenAI takes
     *                               requests of a few MB (images as {@code data:} URLs are the big ones), and twice
     *                               this still fits one Kafka record ({@code llmpool.topics.max-message-size}, 16 MB)
     * @param maxMessages            the most entries in {@code messages} (400); OpenAI's own limit is 2048
     * @param maxChoices             the largest {@code n} (400): each choice is a whole answer in the one result
     *                               record; OpenAI allows 128, 16 keeps 16 answers of the catalog's longest output
     *                               (65,536 tokens) within a Kafka record
     * @param maxSubscriptionsPerJob the most clients following one job's events at once in this process (the events
     *                               endpoint, a chat completion streaming or waiting under the job's id); the next is
     *                               a 429
     */
    public record Limits(
            @DefaultValue("8MB") @NotNull DataSize maxBodySize,
            @DefaultValue("2048") @Min(1) int maxMessages,
            @DefaultValue("16") @Min(1) int maxChoices,
            @DefaultValue("16") @Min(1) int maxSubscriptionsPerJob) {

        public Limits {
            long bytes = maxBodySize == null ? 1 : maxBodySize.toBytes();
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("llmpool.gateway.limits.max-body-size must be from 1B to 2GB, got "
                        + maxBodySize);
            }
        }

        /** {@link #maxBodySize} in bytes. */
        public int maxBodyBytes() {
            return (int) maxBodySize.toBytes();
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("llmpool.gateway." + name + " must be positive, got " + value);
        }
    }
}
