package dev.llmpool.batch.config;

import dev.llmpool.batch.kafka.CommandListener;
import dev.llmpool.batch.kafka.PartWriter;
import dev.llmpool.batch.kafka.ResultsLoop;
import dev.llmpool.batch.lines.InputCheck;
import dev.llmpool.batch.lines.LineValidator;
import dev.llmpool.batch.run.BatchWork;
import dev.llmpool.batch.run.Finalizer;
import dev.llmpool.batch.run.InputFiles;
import dev.llmpool.batch.budgets.JobBudgets;
import dev.llmpool.batch.run.Publisher;
import dev.llmpool.batch.run.Sweep;
import dev.llmpool.batch.run.Validation;
import dev.llmpool.batch.run.WorkQueue;
import dev.llmpool.core.batch.BatchLedger;
import dev.llmpool.core.batch.BatchProperties;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.config.TenancyAutoConfiguration;
import dev.llmpool.core.files.FileStore;
import dev.llmpool.core.kafka.BackgroundConsumers;
import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.routing.LiveRoutes;
import dev.llmpool.core.tenancy.ApiKeys;
import dev.llmpool.core.tenancy.BudgetCounters;
import dev.llmpool.core.tenancy.Budgets;
import dev.llmpool.core.tenancy.JobCosts;
import dev.llmpool.core.tenancy.TenancyProperties;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * The batch runner role: commands from {@code llm.batch-commands} and a sweep every
 * {@code llmpool.batch.sweep-interval} ask for work on batches, which runs on virtual threads under each batch's
 * lease; the results of batch lines are read from {@code llm.results} into part objects and the ledger. Any number
 * of runners may run side by side. On with {@code llmpool.batch.enabled} (default true).
 */
@AutoConfiguration(after = {PoolCoreAutoConfiguration.class, TenancyAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "llmpool.batch.enabled", matchIfMissing = true)
public class BatchAutoConfiguration {

    /** The sweep and the lease renewals; closed with the context. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService batchScheduler() {
        return Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("llmpool-batch-sweep").daemon().factory());
    }

    @Bean
    InputFiles batchInputFiles(FileStore store, JsonCodec codec, BatchProperties batch) {
        return new InputFiles(store, codec, batch.maxLineSize().toBytes());
    }

    @Bean
    Validation batchValidation(InputFiles inputs, BatchRecords records, JsonCodec codec, EnvelopeReader reader,
                               ModelCatalog catalog, LiveRoutes routes, Clock clock, BatchProperties batch) {
        LineValidator validator = new LineValidator(codec, reader,
                model -> catalog.resolve(model).isPresent() || routes.aliases().contains(model),
                batch.maxLineSize().toBytes());
        return new Validation(inputs, new InputCheck(validator, batch.maxLines(), batch.maxLineErrors()), records,
                codec, clock);
    }

    /** A batch's lines admitted against the budgets of its tenant and key, line by line. */
    @Bean
    JobBudgets batchJobBudgets(ApiKeys keys, Budgets budgets, JobCosts costs, Clock clock,
                                 TenancyProperties tenancy, PoolProperties pool) {
        return new JobBudgets(new BudgetCounters(keys), budgets, costs, clock, tenancy.holdGrace(),
                pool.redis().commandTimeout());
    }

    /** Lines failed for want of budget go through the part writer (looked up when needed: it asks for work). */
    @Bean
    Publisher batchPublisher(InputFiles inputs, BatchRecords records,
                             @Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka, JobBudgets budgets,
                             ObjectProvider<PartWriter> parts, JsonCodec codec, Clock clock, BatchProperties batch) {
        return new Publisher(inputs, records, kafka, budgets, (id, lines) -> parts.getObject().write(id, lines),
                codec, clock, batch.checkpointLines(), Duration.ofSeconds(60));
    }

    @Bean
    Finalizer batchFinalizer(BatchRecords records, BatchLedger ledger, FileRecords files, FileStore store,
                             InputFiles inputs, JsonCodec codec, Clock clock) {
        return new Finalizer(records, ledger, files, store, inputs, codec, clock);
    }

    @Bean
    BatchWork batchWork(BatchRecords records, Validation validation, Publisher publisher, Finalizer finalizer,
                        @Qualifier("batchScheduler") ScheduledExecutorService scheduler, Clock clock,
                        BatchProperties batch) {
        return new BatchWork(records, validation, publisher, finalizer, scheduler, clock, batch.leaseTtl(),
                batch.cancelGrace());
    }

    @Bean(destroyMethod = "close")
    WorkQueue batchWorkQueue(BatchWork work) {
        return new WorkQueue(work);
    }

    @Bean
    Sweep batchSweep(BatchRecords records, FileRecords files, FileStore store, WorkQueue queue,
                     ObjectProvider<MeterRegistry> meters, Clock clock,
                     @Qualifier("batchScheduler") ScheduledExecutorService scheduler, BatchProperties batch) {
        Sweep sweep = new Sweep(records, files, store, queue, meters.getIfAvailable(SimpleMeterRegistry::new),
                clock);
        long every = batch.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(sweep, every, every, TimeUnit.MILLISECONDS);
        return sweep;
    }

    @Bean
    PartWriter batchPartWriter(FileStore store, BatchRecords records, BatchLedger ledger, WorkQueue queue,
                               PoolProperties pool) {
        return new PartWriter(store, records, ledger, queue,
                pool.instanceId() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The results of batch lines; the consumer commits only what is written (auto-commit off). */
    @Bean
    ResultsLoop batchResultsLoop(@Qualifier("poolConsumerFactory") ConsumerFactory<String, byte[]> consumers,
                                 PartWriter parts, JsonCodec codec, Clock clock, BatchProperties batch,
                                 PoolProperties pool, RecordSigner signer, DeadLetterPublisher deadLetters) {
        Properties overrides = BackgroundConsumers.overrides();
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.max(500, batch.partLines())));
        return new ResultsLoop(() -> consumers.createConsumer(batch.groupId(), pool.instanceId() + "-batch-results",
                null, overrides), parts, codec, clock, batch.partLines(), batch.partInterval(), signer, deadLetters);
    }

    @Bean
    CommandListener batchCommandListener(EnvelopeReader reader, DeadLetterPublisher deadLetters, WorkQueue queue,
                                         RecordSigner signer) {
        return new CommandListener(reader, deadLetters, queue, signer);
    }

    /** Commands: a hint to look at a batch now, so they are committed as soon as they are read. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> batchCommandsContainer(
            @Qualifier("poolConsumerFactory") ConsumerFactory<String, byte[]> consumers, CommandListener listener,
            BatchProperties batch, PoolProperties pool) {
        ContainerProperties properties = new ContainerProperties(Topics.BATCH_COMMANDS);
        properties.setGroupId(batch.groupId() + "-commands");
        properties.setClientId(pool.instanceId() + "-batch-commands");
        properties.setAckMode(ContainerProperties.AckMode.RECORD);
        Properties fetch = new Properties();
        fetch.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(BackgroundConsumers.FETCH_WAIT.toMillis()));
        properties.setKafkaConsumerProperties(fetch);
        properties.setMessageListener(listener);
        return new ConcurrentMessageListenerContainer<>(consumers, properties);
    }
}
