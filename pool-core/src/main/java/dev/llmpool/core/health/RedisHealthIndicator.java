package dev.llmpool.core.health;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code redis}: a {@code PING} over the pool's own connection, answered within the timeout. Spring Boot's Redis
 * indicator needs Spring Data Redis, which the pool does not use. DOWN while Redis is away, UP once Lettuce has
 * reconnected.
 */
public class RedisHealthIndicator implements HealthIndicator {

    private final StatefulRedisConnection<String, String> redis;
    private final Duration timeout;

    public RedisHealthIndicator(StatefulRedisConnection<String, String> redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            String pong = redis.async().ping().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return "PONG".equals(pong) ? Health.up().build() : Health.down().withDetail("ping", pong).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down(e).build();
        } catch (ExecutionException e) {
            return Health.down(e.getCause()).build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "no answer to PING within " + timeout).build();
        }
    }
}
