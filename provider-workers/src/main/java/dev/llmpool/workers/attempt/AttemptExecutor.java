package dev.llmpool.workers.attempt;

import dev.llmpool.core.tracing.Traces;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.workers.provider.ProviderAdapter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs attempts on virtual threads, at most {@code maxInFlight} provider calls at once (a semaphore, acquired on the
 * virtual thread so the consumer thread never blocks). Whatever happens, the attempt is settled: a task that dies or
 * cannot start releases it (its lease lapses at once, and another worker runs it).
 */
public class AttemptExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AttemptExecutor.class);

    private final AttemptRunner runner;
    private final Semaphore permits;
    private final ExecutorService executor;
    private final Traces traces;

    public AttemptExecutor(AttemptRunner runner, int maxInFlight) {
        this(runner, maxInFlight, Traces.NONE);
    }

    /** @param traces each attempt a span ({@code llmpool.provider.call}), child of its record's trace context */
    public AttemptExecutor(AttemptRunner runner, int maxInFlight, Traces traces) {
        this.runner = runner;
        this.traces = traces;
        this.permits = new Semaphore(maxInFlight, true);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("llmpool-attempt-", 0).factory());
    }

    /** Sends the attempt's claim ahead of its start (see {@link AttemptRunner#claimAhead}); null when it cannot. */
    public CompletableFuture<AttemptClaims.Claim> claimAhead(AttemptRequest request, String deliveryId) {
        return runner.claimAhead(request, deliveryId);
    }

    /**
     * Hands the attempt over and returns at once.
     *
     * @param ahead the claim sent ahead ({@link #claimAhead}), or null
     */
    public void submit(AttemptRequest request, ProviderAdapter adapter, Map<String, String> passThrough,
                       SettlingAck ack, CompletableFuture<AttemptClaims.Claim> ahead) {
        try {
            executor.execute(() -> runSettled(request, adapter, passThrough, ack, ahead));
        } catch (RejectedExecutionException e) {
            log.info("Attempt {} not started: the worker is shutting down; releasing it", request.attemptId());
            ack.release();
        }
    }

    private void runSettled(AttemptRequest request, ProviderAdapter adapter, Map<String, String> passThrough,
                            SettlingAck ack, CompletableFuture<AttemptClaims.Claim> ahead) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ack.release();
            return;
        }
        try (Traces.Hop hop = traces.start("llmpool.provider.call", passThrough.get(Headers.TRACEPARENT))
                .tag("llmpool.job", request.correlationId()).tag("llmpool.attempt", request.attemptId())
                .tag("llmpool.provider", request.provider()).tag("llmpool.model", request.model())) {
            Map<String, String> traced = new LinkedHashMap<>(passThrough);
            if (hop.traceparent() != null) {
                traced.put(Headers.TRACEPARENT, hop.traceparent());
            }
            runner.run(request, adapter, traced, ack.deliveryId(), ack, ahead);
        } catch (Throwable t) {
            log.error("Attempt {} crashed; releasing its record", request.attemptId(), t);
        } finally {
            permits.release();
            if (!ack.settled()) {
                ack.release();
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** An {@link AttemptAck} that knows whether it was settled, so a crash can still settle it. */
    public interface SettlingAck extends AttemptAck {

        boolean settled();

        /** The delivery being settled ({@code topic-partition@offset}). */
        String deliveryId();
    }
}
