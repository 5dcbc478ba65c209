package dev.llmpool.batch.summarize.service;

import dev.llmpool.batch.summarize.input.StoredFiles;
import dev.llmpool.batch.summarize.input.Texts;
import dev.llmpool.batch.summarize.plan.Document;
import dev.llmpool.batch.summarize.plan.DocumentPlan;
import dev.llmpool.batch.summarize.plan.Planner;
import dev.llmpool.batch.summarize.plan.RunKeys;
import dev.llmpool.batch.summarize.plan.StageModel;
import dev.llmpool.batch.summarize.plan.StageModels;
import dev.llmpool.batch.summarize.plan.SummaryOptions;
import dev.llmpool.batch.summarize.run.JobOwner;
import dev.llmpool.batch.summarize.run.SummaryEngine;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.routing.RulesOutline;
import dev.llmpool.core.summarize.SummaryRecords;
import dev.llmpool.core.summarize.SummaryState;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.names.MetadataKeys;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.SummarizeRequest;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.SchemaViolation;
import dev.llmpool.schemas.names.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One record of {@code llm.summarize.requests} from its read to its end. Not a request (not JSON, not the schema) →
 * dead letter with the schema's reason; an id bound to another request → dead letter {@code id-conflict}; an id whose
 * result is stored → that result, published again only if it never was; otherwise the document is read (its text, or
 * its file), planned as {@code llmpool summarize} plans it and summarized by the same {@link SummaryEngine} under the
 * document's own run (its options, tenant and document key), so a record read again resumes from its checkpoints
 * and calls nothing twice. A request that cannot be summarized (no text, an unknown model, options that cannot work,
 * an unreadable file) ends with a failed result. When Redis or Kafka fails, the whole record is tried again after
 * {@code retryDelay} (every step is idempotent), for as long as the service runs.
 */
public final class SummaryService implements AutoCloseable {

    /** The dead-letter reason of a request whose id is bound to another request. */
    public static final String ID_CONFLICT = "id-conflict";

    private static final Logger log = LoggerFactory.getLogger(SummaryService.class);

    private final EnvelopeReader reader;
    private final DeadLetterPublisher deadLetters;
    private final SummaryRecords records;
    private final StoredFiles files;
    private final ModelCatalog catalog;
    private final Supplier<RulesOutline> rules;
    private final TokenCounter tokens;
    private final SummaryEngine engine;
    private final ResultDelivery delivery;
    private final Clock clock;
    private final Duration retryDelay;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("llmpool-summarize-service-retry").daemon().factory());
    private volatile boolean closed;

    /** A document ready to run. */
    private record Prepared(String run, Planner planner, DocumentPlan plan) {
    }

    /** A request that cannot be summarized, and why. */
    private static final class Refused extends RuntimeException {
        private final ErrorClass errorClass;

        Refused(ErrorClass errorClass, String message) {
            super(message, null, false, false);
            this.errorClass = errorClass;
        }
    }

    public SummaryService(EnvelopeReader reader, DeadLetterPublisher deadLetters, SummaryRecords records,
                          StoredFiles files, ModelCatalog catalog, Supplier<RulesOutline> rules, TokenCounter tokens,
                          SummaryEngine engine, ResultDelivery delivery, Clock clock,
                          Duration retryDelay) {
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.records = records;
        this.files = files;
        this.catalog = catalog;
        this.rules = rules;
        this.tokens = tokens;
        this.engine = engine;
        this.delivery = delivery;
        this.clock = clock;
        this.retryDelay = retryDelay;
    }

    /**
     * Completes once the record is done: dead-lettered, or its result stored and published. Never completes while
     * Redis or Kafka keep failing it, nor after {@link #close}.
     */
    public CompletableFuture<Void> handle(ConsumerRecord<String, byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        work.execute(() -> attempt(record, done));
        return done;
    }

    private void attempt(ConsumerRecord<String, byte[]> record, CompletableFuture<Void> done) {
        if (closed) {
            return;
        }
        try {
            take(record).whenComplete((ignored, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    later(record, done, error);
                }
            });
        } catch (RuntimeException e) {
            later(record, done, e);
        }
    }

    private void later(ConsumerRecord<String, byte[]> record, CompletableFuture<Void> done, Throwable error) {
        if (closed) {
            return;
        }
        log.warn("Could not summarize {}-{}@{} (key {}) now ({}); trying again in {}", record.topic(),
                record.partition(), record.offset(), record.key(), error.toString(), retryDelay);
        retries.schedule(() -> work.execute(() -> attempt(record, done)), retryDelay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Void> take(ConsumerRecord<String, byte[]> record) {
        SummarizeRequest request;
        try {
            request = reader.read(record.value() == null ? new byte[0] : record.value(), Envelope.SUMMARIZE_REQUEST,
                    SummarizeRequest.class);
        } catch (SchemaViolation violation) {
            log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    violation.getMessage());
            deadLetters.publish(record, violation.reason().header(), String.join("; ", violation.problems()),
                    Map.of());
            return CompletableFuture.completedFuture(null);
        }
        if (records.claim(request) == SummaryRecords.Claim.CONFLICT) {
            log.warn("Dead-lettering {}-{}@{}: id {} is bound to another request", record.topic(),
                    record.partition(), record.offset(), request.id());
            deadLetters.publish(record, ID_CONFLICT, "id " + request.id() + " names another request (other text, "
                    + "file, options, tenant or metadata) until its result expires; give this one an id of its own",
                    Map.of());
            return CompletableFuture.completedFuture(null);
        }
        Optional<SummaryState> state = records.find(request.id());
        if (state.isPresent() && state.get().result() != null) {
            delivery.deliverStored(state.get());
            return CompletableFuture.completedFuture(null);
        }
        Prepared prepared;
        try {
            prepared = prepare(request);
        } catch (Refused refused) {
            delivery.deliver(ServiceResults.failed(request, refused.errorClass, refused.getMessage(),
                    clock.instant()));
            return CompletableFuture.completedFuture(null);
        }
        return engine.summarize(prepared.run(), new JobOwner(request.tenant(), request.metadata() == null ? null
                        : request.metadata().get(MetadataKeys.KEY_ID)), prepared.planner(), prepared.plan())
                .thenAcceptAsync(line -> delivery.deliver(ServiceResults.completed(request, prepared.run(), line,
                        clock.instant())), work);
    }

    /** The document planned under its run. */
    private Prepared prepare(SummarizeRequest request) {
        SummaryOptions options;
        StageModel map;
        StageModel reduce;
        Planner planner;
        try {
            options = ServiceOptions.of(request.optionsOrDefaults());
        } catch (IllegalArgumentException e) {
            throw new Refused(ErrorClass.BAD_REQUEST, e.getMessage());
        }
        try {
            StageModels models = new StageModels(catalog, rules.get());
            map = models.resolve(options.mapModel());
            reduce = models.resolve(options.reduceModel());
        } catch (IllegalArgumentException e) {
            throw new Refused(ErrorClass.MODEL_NOT_FOUND, e.getMessage());
        }
        try {
            planner = new Planner(options, map, reduce, tokens);
        } catch (IllegalArgumentException e) {
            throw new Refused(ErrorClass.BAD_REQUEST, e.getMessage());
        }
        Document document;
        try {
            document = request.text() != null
                    ? new Document(request.id(), request.title(), Texts.normalize(request.text()))
                    : files.read(request.id(), request.fileId(), request.title());
        } catch (StoredFiles.UnreadableFile e) {
            throw new Refused(ErrorClass.BAD_REQUEST, e.getMessage());
        }
        DocumentPlan plan;
        try {
            plan = planner.plan(document);
        } catch (IllegalArgumentException e) {
            throw new Refused(ErrorClass.BAD_REQUEST, e.getMessage());
        }
        String optionsKey = RunKeys.optionsKey(options, map, reduce);
        String run = RunKeys.serviceRun(optionsKey, request.tenant(), plan.key());
        log.debug("Summarizing {} from {} as run {}: {} chunks, {} calls", request.id(), Topics.SUMMARIZE_REQUESTS,
                run, plan.chunks().size(), plan.calls());
        return new Prepared(run, planner, plan);
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        work.shutdownNow();
    }
}
