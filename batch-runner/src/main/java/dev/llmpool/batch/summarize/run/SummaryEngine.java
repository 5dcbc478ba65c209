package dev.llmpool.batch.summarize.run;

import dev.llmpool.batch.summarize.plan.DocumentPlan;
import dev.llmpool.batch.summarize.plan.NodeKey;
import dev.llmpool.batch.summarize.plan.Planner;
import dev.llmpool.batch.summarize.plan.StageModel;
import dev.llmpool.batch.summarize.text.Extractive;
import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summarizes documents through the pool. A document already finished in the run is answered from its checkpoint;
 * otherwise its tree starts from its checkpointed nodes: every node that may start is submitted as a job (a job that
 * already ended is taken from its record), each result is checkpointed as it arrives, and the nodes it unblocks are
 * submitted in turn until the root is done. A job that failed for good (every retry and fallback of the pool spent)
 * gives its node an extractive summary instead, marked as a fallback, and the document goes on. The decisions are
 * the plan's and {@link DocumentRun}'s; this class only carries them out. When Redis or Kafka fails, the step is
 * tried again every {@code retryDelay}, up to {@code maxRetries} times, before the document is given up.
 */
public final class SummaryEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SummaryEngine.class);

    private final JobPort jobs;
    private final Checkpoints checkpoints;
    private final ModelCatalog catalog;
    private final TokenCounter tokens;
    private final Clock clock;
    private final Duration jobDeadline;
    private final Duration retryDelay;
    private final int maxRetries;
    private final PipelineListener listener;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("llmpool-summarize-retry").daemon().factory());

    /** One document in progress. */
    private record Work(String run, JobOwner owner, Planner planner, DocumentRun document,
                        CompletableFuture<DocumentSummary> done) {
        DocumentPlan plan() {
            return document.plan();
        }
    }

    public SummaryEngine(JobPort jobs, Checkpoints checkpoints, ModelCatalog catalog, TokenCounter tokens,
                         Clock clock, Duration jobDeadline, Duration retryDelay, int maxRetries,
                         PipelineListener listener) {
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.catalog = catalog;
        this.tokens = tokens;
        this.clock = clock;
        this.jobDeadline = jobDeadline;
        this.retryDelay = retryDelay;
        this.maxRetries = maxRetries;
        this.listener = listener;
    }

    /** Completes with the document's line once its root is done (exceptionally only when Redis stayed away). */
    public CompletableFuture<DocumentSummary> summarize(String run, Planner planner, DocumentPlan plan) {
        return summarize(run, JobOwner.NONE, planner, plan);
    }

    /** {@link #summarize(String, Planner, DocumentPlan)} with every job carrying its {@code owner}'s tenant and key. */
    public CompletableFuture<DocumentSummary> summarize(String run, JobOwner owner, Planner planner,
                                                        DocumentPlan plan) {
        CompletableFuture<DocumentSummary> done = new CompletableFuture<>();
        handlers.execute(() -> start(run, owner, planner, plan, done, 0));
        return done;
    }

    private void start(String run, JobOwner owner, Planner planner, DocumentPlan plan,
                       CompletableFuture<DocumentSummary> done, int attempt) {
        try {
            Optional<DocumentSummary> finished = checkpoints.document(run, plan.key());
            if (finished.isPresent()) {
                listener.documentDone(finished.get(), true);
                done.complete(finished.get());
                return;
            }
            DocumentRun document = new DocumentRun(plan, checkpoints.nodes(run, plan.key()));
            Work work = new Work(run, owner, planner, document, done);
            listener.documentStarted(plan, document.checkpointed(), document.checkpointedChunks());
            List<NodeKey> ready;
            boolean complete;
            synchronized (document) {
                ready = document.ready();
                complete = document.finished();
            }
            if (complete) {
                finish(work, 0);
            } else {
                ready.forEach(node -> submit(work, node, 0));
            }
        } catch (RuntimeException e) {
            retry(attempt, e, "start " + plan.document().id(), done,
                    () -> start(run, owner, planner, plan, done, attempt + 1));
        }
    }

    private void submit(Work work, NodeKey node, int attempt) {
        try {
            List<String> inputs;
            synchronized (work.document()) {
                inputs = work.document().inputs(node);
            }
            StageModel stage = work.planner().stage(node);
            Instant now = clock.instant();
            jobs.submit(NodeJobs.job(work.run(), work.owner(), work.plan().key(), node, stage.requested(),
                            work.planner().request(work.plan(), node, inputs), now, now.plus(jobDeadline)))
                    .whenCompleteAsync((result, error) -> {
                        if (error != null) {
                            retry(attempt, error, "publish " + node + " of " + work.plan().document().id(),
                                    work.done(), () -> submit(work, node, attempt + 1));
                        } else {
                            record(work, node, result, 0);
                        }
                    }, handlers);
        } catch (RuntimeException e) {
            retry(attempt, e, "publish " + node + " of " + work.plan().document().id(), work.done(),
                    () -> submit(work, node, attempt + 1));
        }
    }

    private void record(Work work, NodeKey node, JobResult result, int attempt) {
        try {
            NodeResult summary = node(work, node, result);
            checkpoints.saveNode(work.run(), work.plan().key(), node, summary);
            List<NodeKey> ready;
            boolean finished;
            synchronized (work.document()) {
                work.document().complete(node, summary);
                ready = work.document().ready();
                finished = work.document().finished();
            }
            listener.nodeDone(work.plan(), node, summary);
            ready.forEach(next -> submit(work, next, 0));
            if (finished) {
                finish(work, 0);
            }
        } catch (RuntimeException e) {
            retry(attempt, e, "checkpoint " + node + " of " + work.plan().document().id(), work.done(),
                    () -> record(work, node, result, attempt + 1));
        }
    }

    private void finish(Work work, int attempt) {
        try {
            DocumentSummary summary;
            synchronized (work.document()) {
                summary = work.document().summary();
            }
            checkpoints.saveDocument(work.run(), work.plan().key(), summary);
            listener.documentDone(summary, false);
            work.done().complete(summary);
        } catch (RuntimeException e) {
            retry(attempt, e, "finish " + work.plan().document().id(), work.done(), () -> finish(work, attempt + 1));
        }
    }

    /** The node's summary: the answer, or an extractive one when the job failed or gave nothing usable. */
    private NodeResult node(Work work, NodeKey node, JobResult result) {
        String problem = problem(result);
        if (problem == null) {
            Usage usage = result.response().usage() == null ? Usage.of(0, 0) : result.response().usage();
            double cost = result.cached() ? 0 : catalog.resolve(result.model()).map(CatalogModel::price)
                    .map(p -> p.cost(usage)).orElse(0.0);
            return NodeResult.answered(result.response().firstMessage().text().strip(), result.model(),
                    usage.promptTokens(), usage.completionTokens(), cost, result.cached());
        }
        String source;
        synchronized (work.document()) {
            source = work.document().source(node);
        }
        String reduceTokenizer = work.planner().reduce().tokenizerModel();
        String summary = new Extractive(text -> tokens.count(text, reduceTokenizer))
                .summarize(source, work.planner().answerTokens(work.plan(), node));
        if (summary.isEmpty()) {
            summary = tokens.truncate(source, work.planner().answerTokens(work.plan(), node), reduceTokenizer);
        }
        return NodeResult.fallback(summary, problem);
    }

    /** Why a result gives no summary, or null when it gives one. */
    static String problem(JobResult result) {
        if (result.status() != JobStatus.COMPLETED) {
            return result.error() == null ? "the job failed" : result.error().errorClass().name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + result.error().message();
        }
        ChatMessage message = result.response() == null ? null : result.response().firstMessage();
        if (message == null) {
            return "the answer has no message";
        }
        if (message.refusal() != null) {
            return "refused: " + message.refusal();
        }
        return message.text().isBlank() ? "the answer is empty" : null;
    }

    private void retry(int attempt, Throwable error, String what, CompletableFuture<DocumentSummary> done,
                       Runnable again) {
        if (attempt >= maxRetries) {
            log.error("Could not {} after {} tries: {}", what, attempt + 1, error.toString());
            done.completeExceptionally(error);
            return;
        }
        log.warn("Could not {} ({}); trying again in {}", what, error.toString(), retryDelay);
        retries.schedule(() -> handlers.execute(again), retryDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        retries.shutdownNow();
        handlers.shutdownNow();
    }
}
