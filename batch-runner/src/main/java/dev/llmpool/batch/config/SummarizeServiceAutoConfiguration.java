package dev.llmpool.batch.config;

import dev.llmpool.batch.budgets.JobBudgets;
import dev.llmpool.batch.summarize.input.StoredFiles;
import dev.llmpool.batch.summarize.run.Checkpoints;
import dev.llmpool.batch.summarize.run.PoolJobs;
import dev.llmpool.batch.summarize.run.SummaryEngine;
import dev.llmpool.batch.summarize.service.RequestsLoop;
import dev.llmpool.batch.summarize.service.ResultDelivery;
import dev.llmpool.batch.summarize.service.ServiceProgress;
import dev.llmpool.batch.summarize.service.SummaryService;
import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.config.TenancyAutoConfiguration;
import dev.llmpool.core.files.FileStore;
import dev.llmpool.core.kafka.BackgroundConsumers;
import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.routing.LiveRoutes;
import dev.llmpool.core.summarize.SummarizeProperties;
import dev.llmpool.core.summarize.SummaryRecords;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The summarization service, part of the batch runner role: {@code llm.summarize.requests} read in group
 * {@code llmpool.summarize.group-id}, each document summarized by the pipeline's {@link SummaryEngine} (its jobs on
 * the pool, its checkpoints in Redis), results to {@code llm.summarize.results} and Redis. On with
 * {@code llmpool.batch.enabled} and {@code llmpool.summarize.enabled} (both default true).
 */
@AutoConfiguration(after = {PoolCoreAutoConfiguration.class, TenancyAutoConfiguration.class,
        BatchAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "llmpool.batch.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "llmpool.summarize.enabled", matchIfMissing = true)
public class SummarizeServiceAutoConfiguration {

    /** Tries of a Redis or Kafka step inside the engine before the whole document is tried again. */
    private static final int ENGINE_RETRIES = 30;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RECHECK = Duration.ofSeconds(30);

    /**
     * The pipeline's jobs on the pool, each admitted against its tenant's budgets first, their results read from
     * {@code llm.results} by a consumer of no group.
     */
    @Bean(destroyMethod = "close")
    PoolJobs summarizePoolJobs(@Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                               @Qualifier("poolConsumerFactory") ConsumerFactory<String, byte[]> consumers,
                               JobStore jobs, JobBudgets budgets, JsonCodec codec, Clock clock,
                               PoolProperties pool) {
        Properties overrides = BackgroundConsumers.overrides();
        return new PoolJobs(kafka, () -> consumers.createConsumer(null, pool.instanceId() + "-summarize-results",
                null, overrides), jobs, budgets::admit, codec, clock, RECHECK);
    }

    @Bean
    Checkpoints summarizeCheckpoints(StatefulRedisConnection<String, String> redis, JsonCodec codec, Clock clock,
                                     SummarizeProperties summarize) {
        return new Checkpoints(redis, codec, clock, summarize.checkpointTtl());
    }

    @Bean(destroyMethod = "close")
    SummaryEngine summarizeEngine(PoolJobs jobs, Checkpoints checkpoints, ModelCatalog catalog, TokenCounter tokens,
                                  Clock clock, SummaryRecords records, SummarizeProperties summarize) {
        return new SummaryEngine(jobs, checkpoints, catalog, tokens, clock, summarize.jobDeadline(),
                summarize.retryDelay(), ENGINE_RETRIES, new ServiceProgress(records));
    }

    @Bean
    ResultDelivery summarizeResultDelivery(SummaryRecords records,
                                           @Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                                           JsonCodec codec) {
        return new ResultDelivery(records, kafka, codec, SEND_TIMEOUT);
    }

    @Bean(destroyMethod = "close")
    SummaryService summaryService(EnvelopeReader reader, DeadLetterPublisher deadLetters, SummaryRecords records,
                                  FileRecords files, FileStore store, ModelCatalog catalog, LiveRoutes routes,
                                  TokenCounter tokens, SummaryEngine engine, ResultDelivery delivery, Clock clock,
                                  SummarizeProperties summarize) {
        return new SummaryService(reader, deadLetters, records, new StoredFiles(files, store), catalog,
                () -> routes.current().rules(), tokens, engine, delivery, clock, summarize.retryDelay());
    }

    /** Offsets committed only for documents done (auto-commit off); one poll at most fills the documents' room. */
    @Bean
    RequestsLoop summarizeRequestsLoop(@Qualifier("poolConsumerFactory") ConsumerFactory<String, byte[]> consumers,
                                       SummaryService service, PoolJobs jobs, SummarizeProperties summarize,
                                       PoolProperties pool) {
        Properties overrides = BackgroundConsumers.overrides();
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Integer.toString(Math.min(500, summarize.maxDocumentsInFlight())));
        return new RequestsLoop(() -> consumers.createConsumer(summarize.groupId(), pool.instanceId()
                + "-summarize-requests", null, overrides), service, jobs, summarize.maxDocumentsInFlight());
    }
}
