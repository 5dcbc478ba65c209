package dev.llmpool.launcher;

import com.openai.client.OpenAIClient;
import com.openai.models.batches.Batch;
import java.time.Duration;
import java.util.function.Predicate;

/** Waits until a batch, read through the OpenAI SDK, gets where a test expects it; fails saying where it was. */
public final class BatchWaits {

    private static final long POLL_MILLIS = 50;

    private BatchWaits() {
    }

    /** The batch once {@code until} holds for it, within {@code safetyNet} (a net for a hung test, not a timing). */
    public static Batch await(OpenAIClient client, String id, Predicate<Batch> until, String what,
                              Duration safetyNet) throws InterruptedException {
        long end = System.nanoTime() + safetyNet.toNanos();
        Batch batch = client.batches().retrieve(id);
        while (!until.test(batch)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("batch " + id + " never got " + what + "; last seen " + batch);
            }
            Thread.sleep(POLL_MILLIS);
            batch = client.batches().retrieve(id);
        }
        return batch;
    }

    /** The batch once it has {@code status}. */
    public static Batch awaitStatus(OpenAIClient client, String id, Batch.Status status, Duration safetyNet)
            throws InterruptedException {
        return await(client, id, b -> b.status().equals(status), status.toString(), safetyNet);
    }
}
