package dev.llmpool.batch.run;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link BatchWork#advance} for batches on virtual threads, one run per batch at a time in this process: a
 * request for a batch already being worked on makes that run go round once more instead of starting another.
 */
public final class WorkQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);

    private final BatchWork work;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("llmpool-batch-", 0).factory());
    /** Batch id → whether another round was asked for while it ran. */
    private final ConcurrentHashMap<String, Boolean> running = new ConcurrentHashMap<>();

    public WorkQueue(BatchWork work) {
        this.work = work;
    }

    /** Looks at the batch soon. */
    public void request(String batchId) {
        if (running.putIfAbsent(batchId, Boolean.FALSE) == null) {
            threads.execute(() -> run(batchId));
        } else {
            running.put(batchId, Boolean.TRUE);
        }
    }

    private void run(String batchId) {
        do {
            running.put(batchId, Boolean.FALSE);
            try {
                work.advance(batchId);
            } catch (RuntimeException e) {
                log.warn("Work on batch {} failed; the sweep tries again: {}", batchId, e.toString(), e);
            }
        } while (!running.remove(batchId, Boolean.FALSE));
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
