package dev.llmpool.workers.config;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.workers.attempt.AttemptClaims;
import dev.llmpool.workers.attempt.AttemptExecutor;
import dev.llmpool.workers.attempt.AttemptRunner;
import dev.llmpool.workers.attempt.OutcomePublisher;
import dev.llmpool.workers.kafka.InFlightRecords;
import dev.llmpool.workers.kafka.ProviderRecordListener;
import dev.llmpool.workers.kafka.ProviderWorkers;
import dev.llmpool.workers.kafka.ShareGroupConfigurer;
import dev.llmpool.workers.metrics.WorkerMetrics;
import dev.llmpool.workers.provider.ProviderAdapters;
import dev.llmpool.workers.provider.ProviderProperties;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ShareConsumerFactory;

/**
 * The provider workers, on when {@code llmpool.workers.enabled} is true (the default): the adapters of the selected
 * providers, the attempt runner on virtual threads, and one share-group container per provider.
 */
@AutoConfiguration(after = {PoolCoreAutoConfiguration.class, KafkaAutoConfiguration.class})
@ConditionalOnProperty(prefix = "llmpool.workers", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({WorkersProperties.class, ProviderProperties.class})
public class WorkersAutoConfiguration {

    @Bean(destroyMethod = "close")
    ProviderAdapters providerAdapters(WorkersProperties workers, ProviderProperties endpoints, ModelCatalog catalog,
                                      JsonCodec codec, Clock clock) {
        List<String> providers = ProviderSelection.select(workers.providers(), catalog.providers(), endpoints);
        return ProviderAdapters.create(providers, endpoints, codec, clock);
    }

    @Bean
    WorkerMetrics workerMetrics(ObjectProvider<MeterRegistry> registry) {
        return new WorkerMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    OutcomePublisher outcomePublisher(@Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                                      JsonCodec codec, WorkersProperties workers) {
        return new OutcomePublisher(kafka, codec, workers.outcomeTimeout());
    }

    @Bean
    AttemptClaims attemptClaims(StatefulRedisConnection<String, String> poolRedisConnection,
                                WorkersProperties workers) {
        return new AttemptClaims(poolRedisConnection, workers.claimTtl(), workers.doneTtl());
    }

    @Bean
    AttemptRunner attemptRunner(JobEventStream events, JobStore jobs, AttemptClaims claims, OutcomePublisher outcomes,
                                WorkerMetrics metrics, Clock clock, PoolProperties pool, WorkersProperties workers) {
        return new AttemptRunner(events, jobs, claims, outcomes, metrics, clock, pool.instanceId(),
                workers.outcomeTimeout(), Duration.ofMillis(250));
    }

    @Bean(destroyMethod = "close")
    AttemptExecutor attemptExecutor(AttemptRunner runner, WorkersProperties workers) {
        return new AttemptExecutor(runner, workers.maxInFlight());
    }

    @Bean(destroyMethod = "close")
    InFlightRecords workerInFlightRecords(WorkersProperties workers, WorkerMetrics metrics,
                                          ProviderAdapters adapters) {
        Map<String, String> providerOfTopic = new LinkedHashMap<>();
        adapters.providers().forEach(p -> providerOfTopic.put(Topics.provider(p), p));
        InFlightRecords records = new InFlightRecords(workers.lockRenewInterval(),
                key -> metrics.lockRenewed(providerOfTopic.getOrDefault(key.topic(), key.topic())),
                (key, delivery) -> metrics.redelivered(providerOfTopic.getOrDefault(key.topic(), key.topic())));
        metrics.inFlight(records::size);
        return records;
    }

    /**
     * Share consumers as the pool configures them, acknowledging each record explicitly, with a hard bound on records
     * per poll.
     */
    @Bean
    ShareConsumerFactory<String, byte[]> workerShareConsumerFactory(
            @Qualifier("poolShareConsumerFactory") ShareConsumerFactory<String, byte[]> pool,
            WorkersProperties workers) {
        Map<String, Object> config = new LinkedHashMap<>(pool.getConfigurationProperties());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, workers.maxPollRecords());
        config.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        config.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        return new DefaultShareConsumerFactory<>(config);
    }

    @Bean
    ShareGroupConfigurer shareGroupConfigurer(KafkaAdmin admin) {
        return new ShareGroupConfigurer(admin.getConfigurationProperties(), Duration.ofSeconds(60));
    }

    @Bean
    ProviderWorkers providerWorkers(ProviderAdapters adapters, EnvelopeReader reader, DeadLetterPublisher deadLetters,
                                    InFlightRecords inFlight, AttemptExecutor executor, WorkerMetrics metrics,
                                    @Qualifier("workerShareConsumerFactory")
                                    ShareConsumerFactory<String, byte[]> workerShareConsumerFactory,
                                    ShareGroupConfigurer groups, WorkersProperties workers, PoolProperties pool,
                                    Clock clock) {
        Map<String, ProviderRecordListener> listeners = new LinkedHashMap<>();
        for (String provider : adapters.providers()) {
            listeners.put(provider, new ProviderRecordListener(adapters.get(provider), reader, deadLetters, inFlight,
                    executor, metrics));
        }
        return new ProviderWorkers(listeners, workerShareConsumerFactory, new ProviderWorkers.Scaling(
                workers.consumers(), workers.maxConsumers(), workers.consumerWaitLimit(), workers.consumerIdleAfter()),
                groups,
                ShareGroupConfigurer.groupConfig(workers.autoOffsetReset(), workers.recordLockDuration()), inFlight,
                workers.drainTimeout(), pool.instanceId(), clock);
    }
}
