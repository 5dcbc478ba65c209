package dev.llmpool.launcher.batch;

import dev.llmpool.core.batch.BatchObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Polls a batch until it is final, showing each look. The batch goes on whatever happens to the watch; a gateway
 * that stops answering (the pool restarting) is waited for up to {@code patience}, a refusal ends the watch at once.
 */
public final class BatchWatcher {

    /** Waits between looks; {@link Thread#sleep} outside tests. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Function<String, BatchObject> lookup;
    private final ProgressTracker tracker;
    private final Duration poll;
    private final Duration patience;
    private final Clock clock;
    private final Pause pause;
    private final Consumer<String> notes;

    /**
     * @param lookup   the batch by id ({@link GatewayClient#batch})
     * @param patience how long the gateway may be unreachable before the watch gives up
     * @param notes    where a word about an unreachable gateway goes
     */
    public BatchWatcher(Function<String, BatchObject> lookup, ProgressTracker tracker, Duration poll,
                        Duration patience, Clock clock, Pause pause, Consumer<String> notes) {
        this.lookup = lookup;
        this.tracker = tracker;
        this.poll = poll;
        this.patience = patience;
        this.clock = clock;
        this.pause = pause;
        this.notes = notes;
    }

    /** @return the batch in its final state */
    public BatchObject watch(String batchId, ProgressView view) {
        Instant unreachableSince = null;
        try (view) {
            while (true) {
                BatchObject batch = null;
                try {
                    batch = lookup.apply(batchId);
                    unreachableSince = null;
                } catch (GatewayException e) {
                    if (!e.noAnswer()) {
                        throw e;
                    }
                    Instant now = clock.instant();
                    if (unreachableSince == null) {
                        unreachableSince = now;
                        notes.accept("the gateway does not answer; trying again for " + ProgressFormat.duration(
                                patience) + " (the batch goes on): " + e.getMessage());
                    } else if (!now.isBefore(unreachableSince.plus(patience))) {
                        throw e;
                    }
                }
                if (batch != null) {
                    view.show(tracker.track(batch));
                    if (batch.status().isFinal()) {
                        return batch;
                    }
                }
                try {
                    pause.pause(poll);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GatewayException("interrupted while watching " + batchId + "; it goes on", e);
                }
            }
        }
    }
}
