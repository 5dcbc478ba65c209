package dev.llmpool.workers.lanes;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.names.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an attempt's batch was stopped (cancelled or expired): its stop flag {@link RedisKeys#batchStop}, set by the
 * batch runner, read at most once per {@code cacheFor} per batch and process (a stopped batch stays stopped, so that
 * answer is kept). A worker asks before an attempt waits for its start, for quota or a pause, and before it calls the
 * provider; an attempt of a stopped batch ends {@code cancelled} without a call. Read on the attempt's virtual
 * thread. When Redis cannot answer, the batch counts as not stopped (the attempt runs; the runner ignores a result
 * that arrives after the batch is final). Each provider's last sight of a stopped batch tells its batch lane to drain
 * such lines fast ({@link #stoppedLately}).
 */
public final class BatchStops {

    /** Reads a stop flag; may block (on an attempt's virtual thread). */
    @FunctionalInterface
    public interface Store {
        boolean isSet(String key);
    }

    private static final Logger log = LoggerFactory.getLogger(BatchStops.class);
    /** Entries kept at most before the stale ones are dropped. */
    private static final int PRUNE_ABOVE = 1_024;

    private record Known(boolean stopped, Instant readAt) {
    }

    private final Store store;
    private final Clock clock;
    private final Duration cacheFor;
    private final ConcurrentMap<String, Known> known = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> lastStopped = new ConcurrentHashMap<>();

    public BatchStops(Store store, Clock clock, Duration cacheFor) {
        this.store = store;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    /** Whether the attempt is a line of a batch that was stopped; false for an attempt of no batch. */
    public boolean stopped(AttemptRequest request) {
        String batchId = request.batchId();
        if (batchId == null) {
            return false;
        }
        Instant now = clock.instant();
        Known cached = known.get(batchId);
        if (cached == null || !cached.stopped() && !now.isBefore(cached.readAt().plus(cacheFor))) {
            cached = new Known(read(batchId), now);
            prune(now);
            known.put(batchId, cached);
        }
        if (cached.stopped()) {
            lastStopped.put(request.provider(), now);
        }
        return cached.stopped();
    }

    /** Whether an attempt of a stopped batch was seen for {@code provider} within {@code window} of now. */
    public boolean stoppedLately(String provider, Duration window) {
        Instant seen = lastStopped.get(provider);
        return seen != null && clock.instant().isBefore(seen.plus(window));
    }

    private boolean read(String batchId) {
        try {
            return store.isSet(RedisKeys.batchStop(batchId));
        } catch (RuntimeException e) {
            log.debug("Stop flag of batch {} not read ({}); running its attempt", batchId, e.toString());
            return false;
        }
    }

    private void prune(Instant now) {
        if (known.size() > PRUNE_ABOVE) {
            Instant stale = now.minus(cacheFor.multipliedBy(10));
            known.values().removeIf(entry -> entry.readAt().isBefore(stale));
        }
    }
}
