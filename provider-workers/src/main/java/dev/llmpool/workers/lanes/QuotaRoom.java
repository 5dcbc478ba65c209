package dev.llmpool.workers.lanes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a provider's batch lane next has quota for a call, as a consumer thread may ask before every poll without
 * waiting on Redis: the answer of the last look at the lane's buckets ({@code look}, run on {@code executor}, at most
 * every {@code refresh} per provider), counted down since. Until the first look answers, there is room.
 */
public final class QuotaRoom {

    private static final Logger log = LoggerFactory.getLogger(QuotaRoom.class);

    private record Seen(Instant roomAt, Instant lookedAt) {
    }

    private final Function<String, Duration> look;
    private final Executor executor;
    private final Clock clock;
    private final Duration refresh;
    private final ConcurrentMap<String, Seen> seen = new ConcurrentHashMap<>();
    private final Set<String> looking = ConcurrentHashMap.newKeySet();

    /** @param look how long from now until the provider's batch lane has room (may block) */
    public QuotaRoom(Function<String, Duration> look, Executor executor, Clock clock, Duration refresh) {
        this.look = look;
        this.executor = executor;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** How long from now until the lane has room for one call, as last seen; zero when it has room. */
    public Duration untilRoom(String provider) {
        Instant now = clock.instant();
        Seen last = seen.get(provider);
        if ((last == null || !now.isBefore(last.lookedAt().plus(refresh))) && looking.add(provider)) {
            try {
                executor.execute(() -> lookNow(provider));
            } catch (RuntimeException e) {
                looking.remove(provider);
            }
            last = seen.get(provider);
        }
        if (last == null || !now.isBefore(last.roomAt())) {
            return Duration.ZERO;
        }
        return Duration.between(now, last.roomAt());
    }

    private void lookNow(String provider) {
        try {
            Instant at = clock.instant();
            Duration wait = look.apply(provider);
            seen.put(provider, new Seen(at.plus(wait), at));
        } catch (RuntimeException e) {
            log.debug("Batch quota of '{}' not read ({}); as before", provider, e.toString());
            Seen last = seen.get(provider);
            Instant at = clock.instant();
            seen.put(provider, new Seen(last == null ? at : last.roomAt(), at));
        } finally {
            looking.remove(provider);
        }
    }
}
