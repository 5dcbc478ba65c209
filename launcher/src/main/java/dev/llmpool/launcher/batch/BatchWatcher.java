package dev.llmpool.launcher.batch;

import dev.llmpool.core.batch.BatchObject;
import java.time.Duration;

/** Polls a batch until it is final, showing each look; the batch goes on whatever happens to the watch. */
public final class BatchWatcher {

    private final GatewayClient client;
    private final ProgressTracker tracker;
    private final Duration poll;

    public BatchWatcher(GatewayClient client, ProgressTracker tracker, Duration poll) {
        this.client = client;
        this.tracker = tracker;
        this.poll = poll;
    }

    /** @return the batch in its final state */
    public BatchObject watch(String batchId, ProgressView view) {
        try (view) {
            while (true) {
                BatchObject batch = client.batch(batchId);
                view.show(tracker.track(batch));
                if (batch.status().isFinal()) {
                    return batch;
                }
                try {
                    Thread.sleep(poll);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GatewayException("interrupted while watching " + batchId + "; it goes on", e);
                }
            }
        }
    }
}
