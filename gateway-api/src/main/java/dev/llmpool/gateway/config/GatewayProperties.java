package dev.llmpool.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's settings, under {@code llmpool.gateway.*}. A job's default deadline is {@code llmpool.jobs.default-timeout}.
 *
 * @param enabled           whether this process serves the HTTP API
 * @param maxTimeout        the longest deadline a client may ask for with {@code x-llmpool-timeout}
 * @param keepaliveInterval how often an idle SSE response gets a {@code : keep-alive} comment
 * @param publishTimeout    how long a request waits for Kafka to acknowledge its job before failing with 503
 */
@Validated
@ConfigurationProperties("llmpool.gateway")
public record GatewayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") @NotNull Duration maxTimeout,
        @DefaultValue("10s") @NotNull Duration keepaliveInterval,
        @DefaultValue("10s") @NotNull Duration publishTimeout) {

    public GatewayProperties {
        requirePositive("max-timeout", maxTimeout);
        requirePositive("keepalive-interval", keepaliveInterval);
        requirePositive("publish-timeout", publishTimeout);
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("llmpool.gateway." + name + " must be positive, got " + value);
        }
    }
}
