package dev.llmpool.gateway.jobs;

import dev.llmpool.gateway.error.ApiException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The clients following each job's events in this process (the events endpoint, a chat completion streaming or
 * waiting under the job's id), at most {@code llmpool.gateway.limits.max-subscriptions-per-job} per job: each one
 * holds a Redis subscription listener and a request thread for as long as the job runs.
 */
public class JobFollowers {

    /** One client's place among a job's followers; closing it (once or more) gives the place back. */
    public final class Follow implements AutoCloseable {

        private final String id;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Follow(String id) {
            this.id = id;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                counts.computeIfPresent(id, (key, count) -> count <= 1 ? null : count - 1);
            }
        }
    }

    private final int limit;
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    public JobFollowers(int limit) {
        this.limit = limit;
    }

    /** Takes a place among the job's followers; a 429 when it has {@code limit} already. */
    public Follow follow(String id) {
        counts.compute(id, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= limit) {
                throw ApiException.tooManySubscriptions(id, limit);
            }
            return now + 1;
        });
        return new Follow(id);
    }

    /** How many follow the job now. */
    public int count(String id) {
        return counts.getOrDefault(id, 0);
    }
}
