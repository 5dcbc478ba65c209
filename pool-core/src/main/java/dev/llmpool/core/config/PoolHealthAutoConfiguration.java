package dev.llmpool.core.config;

import dev.llmpool.core.health.KafkaHealthIndicator;
import dev.llmpool.core.health.RedisHealthIndicator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Health of what every role depends on, under Spring Boot's names and switches: {@code redis}
 * ({@code management.health.redis.enabled}) and {@code kafka} ({@code management.health.kafka.enabled}). Either
 * being DOWN makes {@code /actuator/health} answer 503.
 */
@AutoConfiguration(after = {PoolCoreAutoConfiguration.class, KafkaAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
public class PoolHealthAutoConfiguration {

    /** How long describing the Kafka cluster may take before Kafka counts as DOWN. */
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(2);
    /** How long a Kafka answer is reused, so frequent health checks do not each ask the broker. */
    private static final Duration KAFKA_CACHE = Duration.ofSeconds(5);

    /** A PING within {@code llmpool.redis.command-timeout}. */
    @Bean
    @ConditionalOnEnabledHealthIndicator("redis")
    @ConditionalOnMissingBean(name = "redisHealthIndicator")
    RedisHealthIndicator redisHealthIndicator(StatefulRedisConnection<String, String> poolRedisConnection,
                                              PoolProperties properties) {
        return new RedisHealthIndicator(poolRedisConnection, properties.redis().commandTimeout());
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("kafka")
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, Clock clock) {
        return new KafkaHealthIndicator(admin.getConfigurationProperties(), KAFKA_TIMEOUT, KAFKA_CACHE, clock);
    }
}
