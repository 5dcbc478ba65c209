package dev.llmpool.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Responses API's settings, under {@code llmpool.gateway.responses.*}.
 *
 * @param ttl how long a stored response (one not asked with {@code store: false}) can be read and chained from; OpenAI
 *            keeps them 30 days
 */
@Validated
@ConfigurationProperties("llmpool.gateway.responses")
public record ResponsesProperties(@DefaultValue("30d") Duration ttl) {

    public ResponsesProperties {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("llmpool.gateway.responses.ttl must be positive, got " + ttl);
        }
    }
}
