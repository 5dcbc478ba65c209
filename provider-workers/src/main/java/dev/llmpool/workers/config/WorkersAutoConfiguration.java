package dev.llmpool.workers.config;

import dev.llmpool.core.cache.ResultCache;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.finalize.JobFinalizer;
import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.kafka.QueueWaitMeter;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.RedisLink;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.workers.attempt.AttemptClaims;
import dev.llmpool.workers.attempt.AttemptExecutor;
import dev.llmpool.workers.attempt.AttemptFinalizer;
import dev.llmpool.workers.attempt.AttemptRunner;
import dev.llmpool.workers.attempt.OutcomePublisher;
import dev.llmpool.workers.kafka.PollGate;
import dev.llmpool.workers.kafka.ProviderRecordListener;
import dev.llmpool.workers.lanes.BatchLane;
import dev.llmpool.workers.lanes.BatchStops;
import dev.llmpool.workers.lanes.InteractiveLoad;
import dev.llmpool.workers.lanes.LaneBacklog;
import dev.llmpool.workers.lanes.LaneProperties;
import dev.llmpool.workers.lanes.QuotaRoom;
import dev.llmpool.workers.lease.AbandonedAttempts;
import dev.llmpool.workers.lease.AttemptLeases;
import dev.llmpool.workers.lease.LeaseReaper;
import dev.llmpool.workers.lease.LeaseStore;
import dev.llmpool.workers.kafka.ProviderWorkers;
import dev.llmpool.workers.kafka.ShareGroupConfigurer;
import dev.llmpool.workers.metrics.WorkerMetrics;
import dev.llmpool.workers.provider.ProviderAdapters;
import dev.llmpool.workers.provider.ProviderProperties;
import io.lettuce.core.api.StatefulRedisConnection;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.core.limits.RedisBuckets;
import dev.llmpool.core.tracing.Traces;
import dev.llmpool.workers.limits.ProviderPauses;
import dev.llmpool.workers.limits.RateLimitProperties;
import dev.llmpool.workers.limits.RedisPauseStore;
import dev.llmpool.workers.limits.SharedRateLimits;
import dev.llmpool.workers.limits.TokenEstimator;
import dev.llmpool.workers.resilience.ResilienceInstances;
import dev.llmpool.workers.resilience.ResilienceProperties;
import dev.llmpool.workers.resilience.ResilientCalls;
import dev.llmpool.workers.resilience.RetryWaits;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.Random;
import org.springframework.context.annotation.PropertySource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.apache.kafka.clients.admin.Admin;
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
 * providers, the resilience around each call (Resilience4j instances from {@code resilience4j.*}, with the pool's
 * defaults in {@code llmpool/workers-resilience.properties} at the lowest precedence; shared quotas and provider
 * pauses in Redis), the attempt runner on virtual threads, and the share-group consumers per provider in two lanes
 * (interactive, and batch behind it: {@code llmpool.workers.lanes.*}).
 */
@AutoConfiguration(after = {PoolCoreAutoConfiguration.class, KafkaAutoConfiguration.class})
@ConditionalOnProperty(prefix = "llmpool.workers", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({WorkersProperties.class, ProviderProperties.class, ResilienceProperties.class,
        RateLimitProperties.class, LaneProperties.class})
@PropertySource("classpath:llmpool/workers-resilience.properties")
public class WorkersAutoConfiguration {

    private static final String INTERACTIVE = "interactive";
    private static final String BATCH = "batch";

    /** How much of the provider's wait a retry adds at most, at random, so told workers do not return at once. */
    private static final double RETRY_WAIT_JITTER = 0.2;

    /** How long a consumer waits before asking again while this process runs {@code max-in-flight} attempts. */
    private static final Duration FULL_HOLD = Duration.ofMillis(5);
    /** How long a consumer holds off before asking again while the Redis connection is lost. */
    private static final Duration REDIS_HOLD = Duration.ofMillis(100);
    /** How often a provider's batch lane looks at its buckets again. */
    private static final Duration QUOTA_LOOK_INTERVAL = Duration.ofMillis(100);

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

    /** A connection for the Bucket4j buckets (binary values). */
    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, byte[]> workerBucketConnection(RedisClient client) {
        return client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    /**
     * The shared RPM/TPM quotas: Bucket4j's Lettuce proxy manager, time from the pool's clock; the batch lane's share
     * of them.
     */
    @Bean
    SharedRateLimits sharedRateLimits(@Qualifier("workerBucketConnection") StatefulRedisConnection<String, byte[]> redis,
                                      RateLimitProperties limits, ResilienceProperties resilience, TokenCounter tokens,
                                      LaneProperties lanes, Clock clock) {
        LettuceBasedProxyManager<String> buckets = RedisBuckets.proxyManager(redis, clock, Duration.ofMinutes(1));
        return new SharedRateLimits((key, configuration) -> buckets.builder().build(key, configuration), limits,
                resilience.limitBurst(), new TokenEstimator(tokens, resilience.defaultCompletionTokens()),
                BlockingStrategy.PARKING, new SharedRateLimits.BatchShare(lanes.batchReserve(),
                        lanes.batchMinInFlight()));
    }

    /** The batches' stop flags, as the workers read them (cached per batch for {@code stop-cache}). */
    @Bean
    BatchStops batchStops(StatefulRedisConnection<String, String> poolRedisConnection, LaneProperties lanes,
                          Clock clock) {
        return new BatchStops(key -> poolRedisConnection.sync().exists(key) > 0, clock, lanes.stopCache());
    }

    /** When each provider's batch lane has quota, as its consumers ask before polling (looked up on virtual threads). */
    @Bean
    QuotaRoom batchQuotaRoom(SharedRateLimits limits, Clock clock) {
        ThreadFactory threads = Thread.ofVirtual().name("llmpool-batch-quota-", 0).factory();
        return new QuotaRoom(limits::batchRoom, task -> threads.newThread(task).start(), clock, QUOTA_LOOK_INTERVAL);
    }

    @Bean
    ProviderPauses providerPauses(StatefulRedisConnection<String, String> poolRedisConnection,
                                  ResilienceProperties resilience, Clock clock) {
        return new ProviderPauses(new RedisPauseStore(poolRedisConnection), clock, resilience.maxPause(),
                resilience.pauseRefresh());
    }

    @Bean
    ResilienceInstances resilienceInstances(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
                                            RetryRegistry retries, TimeLimiterRegistry timeLimiters) {
        return new ResilienceInstances(breakers, bulkheads, retries, timeLimiters);
    }

    @Bean
    ResilientCalls resilientCalls(ResilienceInstances instances, SharedRateLimits limits, ProviderPauses pauses,
                                  WorkerMetrics metrics, ResilienceProperties resilience, Clock clock) {
        return new ResilientCalls(instances, limits, pauses,
                new RetryWaits(clock, new Random(), resilience.maxRetryWait(), RETRY_WAIT_JITTER), metrics, clock,
                resilience.maxLimitWait());
    }

    @Bean
    AttemptFinalizer attemptFinalizer(JobStore jobs, ResultCache cache,
                                      @Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                                      JsonCodec codec, Clock clock, PoolProperties pool, WorkersProperties workers) {
        return new AttemptFinalizer(new JobFinalizer(jobs, cache, kafka, codec, workers.outcomeTimeout()), jobs, codec,
                clock, pool.instanceId());
    }

    @Bean
    AttemptRunner attemptRunner(JobEventStream events, JobStore jobs, AttemptClaims claims, OutcomePublisher outcomes,
                                AttemptFinalizer finalizer, ResilientCalls calls, WorkerMetrics metrics, Clock clock,
                                PoolProperties pool, WorkersProperties workers, BatchStops stops) {
        return new AttemptRunner(events, jobs, claims, outcomes, finalizer, calls, metrics, clock, pool.instanceId(),
                workers.outcomeTimeout(), Duration.ofMillis(250), stops::stopped);
    }

    @Bean(destroyMethod = "close")
    AttemptExecutor attemptExecutor(AttemptRunner runner, WorkersProperties workers, ObjectProvider<Traces> traces) {
        return new AttemptExecutor(runner, workers.maxInFlight(), traces.getIfAvailable(() -> Traces.NONE));
    }

    @Bean
    LeaseStore leaseStore(StatefulRedisConnection<String, String> poolRedisConnection, JsonCodec codec) {
        return new LeaseStore(poolRedisConnection, codec);
    }

    @Bean(destroyMethod = "close")
    AttemptLeases attemptLeases(LeaseStore store, WorkersProperties workers, WorkerMetrics metrics, Clock clock) {
        AttemptLeases leases = new AttemptLeases(store, clock, workers.leaseTtl(), metrics::leasesRenewed);
        metrics.inFlight(leases::size);
        return leases;
    }

    /** Publishes again the records of lapsed leases of the providers this process serves. */
    @Bean(destroyMethod = "close")
    LeaseReaper leaseReaper(LeaseStore store, @Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                            ProviderAdapters adapters, OutcomePublisher outcomes, DeadLetterPublisher deadLetters,
                            JsonCodec codec, PoolProperties pool, WorkersProperties workers, WorkerMetrics metrics,
                            Clock clock) {
        AbandonedAttempts abandoned = new AbandonedAttempts(outcomes, deadLetters, codec, clock, pool.instanceId(),
                provider -> metrics.deadLettered(provider, AbandonedAttempts.REASON));
        return new LeaseReaper(store, kafka, adapters.providers(), clock, workers.leaseTtl(), workers.maxLeaseLapses(),
                abandoned, metrics::redelivered).start(workers.reapInterval());
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

    /** The records waiting in each provider's lanes, {@code llmpool.lanes.backlog}. */
    @Bean(destroyMethod = "close")
    LaneBacklog laneBacklog(KafkaAdmin admin, ProviderAdapters adapters, LaneProperties lanes, WorkerMetrics metrics,
                            Clock clock) {
        List<LaneBacklog.Lane> measured = new ArrayList<>();
        for (String provider : adapters.providers()) {
            measured.add(new LaneBacklog.Lane(provider, INTERACTIVE, Topics.provider(provider),
                    ProviderWorkers.groupId(provider)));
            measured.add(new LaneBacklog.Lane(provider, BATCH, Topics.providerBatch(provider),
                    ProviderWorkers.batchGroupId(provider)));
        }
        LaneBacklog backlog = new LaneBacklog(Admin.create(admin.getConfigurationProperties()), measured,
                Duration.ofSeconds(10), lanes.backlogRefresh(), clock);
        measured.forEach(lane -> metrics.laneBacklog(lane.provider(), lane.name(), () -> backlog.backlog(lane)));
        return backlog;
    }

    @Bean
    ProviderWorkers providerWorkers(ProviderAdapters adapters, EnvelopeReader reader, DeadLetterPublisher deadLetters,
                                    AttemptLeases leases, AttemptExecutor executor, WorkerMetrics metrics,
                                    @Qualifier("workerShareConsumerFactory")
                                    ShareConsumerFactory<String, byte[]> workerShareConsumerFactory,
                                    ShareGroupConfigurer groups, WorkersProperties workers, LaneProperties lanes,
                                    PoolProperties pool, ProviderPauses pauses, QueueWaitMeter queueWait,
                                    RedisLink redis, BatchStops stops, QuotaRoom quotaRoom, RecordSigner signer,
                                    Clock clock) {
        Map<String, Object> batchConfig = new LinkedHashMap<>(workerShareConsumerFactory.getConfigurationProperties());
        batchConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, lanes.batchPollRecords());
        ShareConsumerFactory<String, byte[]> batchFactory = new DefaultShareConsumerFactory<>(batchConfig);
        ProviderWorkers.Scaling interactiveScaling = new ProviderWorkers.Scaling(workers.consumers(),
                workers.maxConsumers(), workers.consumerWaitLimit(), workers.consumerIdleAfter());
        ProviderWorkers.Scaling batchScaling = new ProviderWorkers.Scaling(lanes.batchConsumers(),
                lanes.batchConsumers(), workers.consumerWaitLimit(), workers.consumerIdleAfter());
        List<ProviderWorkers.Lane> all = new ArrayList<>();
        for (String provider : adapters.providers()) {
            PollGate process = processGate(provider, redis, pauses, leases, workers, metrics);
            InteractiveLoad load = new InteractiveLoad(clock, workers.consumerWaitLimit(), lanes.interactiveQuiet(),
                    lanes.interactiveBusyInFlight(workers.maxInFlight()));
            BatchLane batch = new BatchLane(provider, process, load, quotaRoom, stops, lanes);
            metrics.laneInFlight(provider, INTERACTIVE, load::inFlight);
            metrics.laneInFlight(provider, BATCH, batch::inFlight);
            all.add(new ProviderWorkers.Lane(provider, INTERACTIVE, Topics.provider(provider),
                    ProviderWorkers.groupId(provider), new ProviderRecordListener(adapters.get(provider), signer,
                    reader, deadLetters, leases, executor, metrics, queueWait, load::settled), workerShareConsumerFactory,
                    interactiveScaling, load.gate(process)));
            all.add(new ProviderWorkers.Lane(provider, BATCH, Topics.providerBatch(provider),
                    ProviderWorkers.batchGroupId(provider), new ProviderRecordListener(adapters.get(provider), signer,
                    reader, deadLetters, leases, executor, metrics, queueWait, batch::settled), batchFactory, batchScaling,
                    batch));
        }
        return new ProviderWorkers(all, groups,
                ShareGroupConfigurer.groupConfig(workers.autoOffsetReset(), workers.recordLockDuration()), leases,
                workers.drainTimeout(), pool.instanceId(), clock);
    }

    /** What holds every consumer of a provider in this process, whatever its lane. */
    private static PollGate processGate(String provider, RedisLink redis, ProviderPauses pauses, AttemptLeases leases,
                                        WorkersProperties workers, WorkerMetrics metrics) {
        return () -> {
            if (!redis.up()) {
                return REDIS_HOLD; // a record taken now could not be leased: it stays in the topic
            }
            Duration hold = pauses.remaining(provider);
            if (hold.isPositive()) {
                metrics.pauseHeld(provider);
                return hold;
            }
            // as many attempts running as this process may run: fetch more only when one ends
            return leases.size() >= workers.maxInFlight() ? FULL_HOLD : Duration.ZERO;
        };
    }
}
