package dev.llmpool.router.config;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.cache.ResultCache;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.config.TenancyAutoConfiguration;
import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.kafka.QueueWaitMeter;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.routing.LiveRoutes;
import dev.llmpool.core.tracing.Traces;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.tenancy.ApiKeys;
import dev.llmpool.core.tenancy.BudgetCounters;
import dev.llmpool.core.tenancy.Budgets;
import dev.llmpool.core.tenancy.TenancyProperties;
import dev.llmpool.router.effects.EffectExecutor;
import dev.llmpool.router.effects.RouterMetrics;
import dev.llmpool.router.engine.AbandonedJobs;
import dev.llmpool.router.engine.RouteStateStore;
import dev.llmpool.router.engine.RouterEngine;
import dev.llmpool.router.kafka.EnvelopeRecords;
import dev.llmpool.router.kafka.FailedRecordRecoverer;
import dev.llmpool.router.kafka.KeyedBatchListener;
import dev.llmpool.router.kafka.OutcomeListener;
import dev.llmpool.router.kafka.PartitionEvents;
import dev.llmpool.router.kafka.PollBudget;
import dev.llmpool.router.kafka.RecordFailure;
import dev.llmpool.router.kafka.RequestListener;
import dev.llmpool.router.machine.Ladder;
import dev.llmpool.router.machine.RouterStateMachine;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.rules.RulesHolder;
import dev.llmpool.router.machine.RoutingLimits;
import dev.llmpool.router.tenancy.BudgetSnapshots;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The router role: the routing rules, the state machine, its executor, and one listener container each on {@code llm.requests}
 * and {@code llm.attempts} (consumer group {@code llmpool.router.group-id}, batch listeners that handle a poll's
 * jobs side by side on virtual threads, offsets committed after each poll).
 * Off with {@code llmpool.router.enabled=false}.
 */
@AutoConfiguration(after = {PoolCoreAutoConfiguration.class, TenancyAutoConfiguration.class})
@ConditionalOnProperty(prefix = "llmpool.router", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(RouterProperties.class)
public class RouterAutoConfiguration {

    /**
     * The routing rules at {@code llmpool.routing.location}, as {@link LiveRoutes} holds them; a bad file stops the
     * start with the line at fault. Each later version of the file is validated here before the process (the
     * gateway's route aliases too, when it runs in this JVM) takes it; a bad one is refused and these rules stay.
     */
    @Bean
    RulesHolder routerRules(LiveRoutes routes, ModelCatalog catalog) {
        LiveRoutes.Version initial = routes.current();
        RulesHolder holder = new RulesHolder(initial.text(), initial.source(), catalog);
        routes.listen(holder);
        return holder;
    }

    /**
     * Where the budgets of the tenants the router routes for stand, read from Redis before a job is decided and again
     * in the background every {@code llmpool.auth.budget-refresh}; a view unused for ten minutes is forgotten.
     */
    @Bean
    BudgetSnapshots routerBudgetSnapshots(ApiKeys keys, Budgets budgets, TenancyProperties tenancy, Clock clock) {
        BudgetCounters counters = new BudgetCounters(keys);
        return new BudgetSnapshots((tenant, keyId) -> budgets.standings(counters.of(tenant, keyId, clock.instant())),
                clock, tenancy.budgetRefresh(), Duration.ofMinutes(10),
                task -> Thread.ofVirtual().name("llmpool-budget-read").start(task));
    }

    @Bean
    RouterStateMachine routerStateMachine(RouterProperties router, PoolProperties pool, CacheKeys cacheKeys,
                                          RulesHolder rules, TokenCounter tokens, BudgetSnapshots budgets,
                                          JsonCodec codec) {
        return new RouterStateMachine(new RoutingLimits(router.maxAttempts(), router.maxAttemptsPerModel(),
                pool.jobs().defaultTimeout(), pool.cache().ttl(), router.defaultWait(), router.maxWaits()), cacheKeys,
                new Ladder(rules, tokens, budgets, codec));
    }

    @Bean
    RouterMetrics routerMetrics(ObjectProvider<MeterRegistry> registry) {
        return new RouterMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    EffectExecutor routerEffectExecutor(JobStore jobs, JobEventStream events, ResultCache cache,
                                        @Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                                        DeadLetterPublisher deadLetters, JsonCodec codec, RouterMetrics metrics,
                                        RouterProperties router) {
        return new EffectExecutor(jobs, events, cache, kafka, deadLetters, codec, metrics, router.sendTimeout());
    }

    @Bean
    RouteStateStore routeStateStore(JobStore jobs, JsonCodec codec) {
        return new RouteStateStore(jobs, codec);
    }

    @Bean
    RouterEngine routerEngine(RouterStateMachine machine, ModelCatalog catalog, RouteStateStore store,
                              EffectExecutor executor, BudgetSnapshots budgets, Clock clock, JsonCodec codec) {
        return new RouterEngine(machine, catalog, store, executor, budgets, clock, codec);
    }

    @Bean
    AbandonedJobs routerAbandonedJobs(RouteStateStore store, EffectExecutor executor, Clock clock) {
        return new AbandonedJobs(store, executor, clock);
    }

    @Bean
    EnvelopeRecords routerEnvelopeRecords(EnvelopeReader reader, DeadLetterPublisher deadLetters,
                                          RecordSigner signer, AbandonedJobs abandoned) {
        return new EnvelopeRecords(reader, deadLetters, signer, (record, violation) -> abandoned.refused(
                record.key(), record.value(), violation.reason().header(), String.join("; ", violation.problems())));
    }

    @Bean
    RequestListener routerRequestListener(EnvelopeRecords records, RouterEngine engine,
                                          ObjectProvider<Traces> traces) {
        return new RequestListener(records, engine, traces.getIfAvailable(() -> Traces.NONE));
    }

    @Bean
    OutcomeListener routerOutcomeListener(EnvelopeRecords records, RouterEngine engine,
                                          ObjectProvider<Traces> traces) {
        return new OutcomeListener(records, engine, traces.getIfAvailable(() -> Traces.NONE));
    }

    /**
     * Batch listeners (each poll handled by a {@link KeyedBatchListener}: per key in order, across keys at once) whose
     * offsets the container commits once the poll was handled, at most every {@code commit-interval} (one commit for
     * many polls: at 50 clients the router had sent 0.68 offset commits per job) and without waiting for the
     * broker's answer (a commit that is lost or not yet sent only means a redelivery, which the router handles
     * idempotently; pending offsets are committed when partitions are revoked and when the container stops). A failure that escapes the
     * listener (its dead letter could not be written, or the poll ran out of time: {@link PollBudget}) has the poll
     * handled again until it succeeds. {@link PartitionEvents} counts the consumers' partitions.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> routerListenerContainerFactory(
            @Qualifier("poolConsumerFactory") ConsumerFactory<String, byte[]> consumers, RouterProperties router,
            RouterMetrics metrics) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setConcurrency(router.concurrency());
        factory.setBatchListener(true);
        ContainerProperties container = factory.getContainerProperties();
        if (router.commitInterval().isPositive()) {
            container.setAckMode(ContainerProperties.AckMode.TIME);
            container.setAckTime(router.commitInterval().toMillis());
        } else {
            container.setAckMode(ContainerProperties.AckMode.BATCH);
        }
        container.setSyncCommits(false);
        container.setGroupId(router.groupId());
        container.setConsumerRebalanceListener(new PartitionEvents(metrics));
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("llmpool-router-");
        threads.setVirtualThreads(true);
        container.setListenerTaskExecutor(threads);
        DefaultErrorHandler errors = new DefaultErrorHandler(
                new FixedBackOff(router.redelivery().backoff().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS));
        errors.setLogLevel(KafkaException.Level.WARN);
        factory.setCommonErrorHandler(errors);
        return factory;
    }

    /**
     * How long a poll's records may be retried and handled, bounded by the consumers' {@code max.poll.interval.ms}
     * so that a poll always ends before the group would evict its consumer.
     */
    @Bean
    PollBudget routerPollBudget(@Qualifier("poolConsumerFactory") ConsumerFactory<String, byte[]> consumers,
                                RouterProperties router) {
        Object interval = consumers.getConfigurationProperties().getOrDefault(
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                ConsumerConfig.configDef().defaultValues().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG));
        Duration maxPollInterval = Duration.ofMillis((Integer) ConfigDef.parseType(
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, interval, ConfigDef.Type.INT));
        RouterProperties.Redelivery redelivery = router.redelivery();
        return PollBudget.of(redelivery.backoff(), redelivery.maxRetries(), redelivery.pollBudget(), maxPollInterval);
    }

    @Bean(destroyMethod = "close")
    KeyedBatchListener routerRequestsBatchListener(RequestListener listener, FailedRecordRecoverer recoverer,
                                                   PollBudget budget, QueueWaitMeter queueWait, Clock clock) {
        return keyed("llmpool-router-requests", listener, recoverer, budget, queueWait, clock);
    }

    @Bean(destroyMethod = "close")
    KeyedBatchListener routerOutcomesBatchListener(OutcomeListener listener, FailedRecordRecoverer recoverer,
                                                   PollBudget budget, QueueWaitMeter queueWait, Clock clock) {
        return keyed("llmpool-router-outcomes", listener, recoverer, budget, queueWait, clock);
    }

    @Bean
    FailedRecordRecoverer routerFailedRecordRecoverer(DeadLetterPublisher deadLetters, AbandonedJobs jobs) {
        return new FailedRecordRecoverer(deadLetters, jobs);
    }

    /**
     * The records' waits in their topic are measured as each poll's records are taken, before any is handled; a
     * failure is retried only when {@link RecordFailure} says another try may help.
     */
    private static KeyedBatchListener keyed(String name, MessageListener<String, byte[]> listener,
                                            FailedRecordRecoverer recoverer, PollBudget budget,
                                            QueueWaitMeter queueWait, Clock clock) {
        return new KeyedBatchListener(name, listener, queueWait::taken, recoverer,
                failure -> RecordFailure.of(failure).retriable(), budget, clock, Thread::sleep);
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> routerRequestsContainer(
            @Qualifier("routerListenerContainerFactory") ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
            @Qualifier("routerRequestsBatchListener") KeyedBatchListener listener, RouterProperties router) {
        return container(factory, Topics.REQUESTS, listener, router);
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> routerAttemptsContainer(
            @Qualifier("routerListenerContainerFactory") ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
            @Qualifier("routerOutcomesBatchListener") KeyedBatchListener listener, RouterProperties router) {
        return container(factory, Topics.ATTEMPTS, listener, router);
    }

    private static ConcurrentMessageListenerContainer<String, byte[]> container(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> factory, String topic,
            KeyedBatchListener listener, RouterProperties router) {
        ConcurrentMessageListenerContainer<String, byte[]> container = factory.createContainer(topic);
        container.getContainerProperties().setGroupId(router.groupId());
        container.getContainerProperties().setClientId(router.groupId() + "-" + topic);
        container.setupMessageListener(listener);
        return container;
    }
}
