package dev.llmpool.workers.limits;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.names.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Pauses of whole providers: when a provider answers 429 with a wait, every worker of that provider stops taking new
 * records and holds its calls until then, instead of hammering it. A pause is a Redis key
 * ({@link RedisKeys#providerPause}) holding the instant it ends, expiring then; each process re-reads it at most
 * every {@code refresh}, and knows its own pauses at once.
 */
public final class ProviderPauses {

    /** Where pauses are kept. */
    public interface Store {

        /** Records that the provider is paused until {@code until} (the key expires then). */
        void pause(String key, Instant until);

        /** The end of the provider's pause, or null when it is not paused. */
        Instant pausedUntil(String key);
    }

    private record Cached(Instant until, Instant readAt) {
    }

    private final Store store;
    private final Clock clock;
    private final Duration maxPause;
    private final Duration refresh;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ProviderPauses(Store store, Clock clock, Duration maxPause, Duration refresh) {
        this.store = store;
        this.clock = clock;
        this.maxPause = maxPause;
        this.refresh = refresh;
    }

    /**
     * The pause a failure asks for: a {@code rate_limited} error that carries a wait, capped at {@code maxPause};
     * empty for anything else. Pure.
     */
    public static Optional<Instant> pauseFor(AttemptError error, Instant now, Duration maxPause) {
        if (error == null || error.errorClass() != ErrorClass.RATE_LIMITED || error.retryAfterMs() == null
                || error.retryAfterMs() <= 0) {
            return Optional.empty();
        }
        Duration wait = Duration.ofMillis(error.retryAfterMs());
        return Optional.of(now.plus(wait.compareTo(maxPause) > 0 ? maxPause : wait));
    }

    /**
     * Records the pause {@code error} asks for, when it asks for one that ends later than the one known here.
     *
     * @return the end of the pause recorded, if any
     */
    public Optional<Instant> record(String provider, AttemptError error) {
        Instant now = clock.instant();
        Optional<Instant> until = pauseFor(error, now, maxPause);
        if (until.isEmpty()) {
            return Optional.empty();
        }
        Cached known = cache.get(provider);
        if (known != null && known.until() != null && !known.until().isBefore(until.get())) {
            return Optional.empty();
        }
        store.pause(RedisKeys.providerPause(provider), until.get());
        cache.put(provider, new Cached(until.get(), now));
        return until;
    }

    /** How long the provider stays paused from now; zero when it is not. */
    public Duration remaining(String provider) {
        Instant now = clock.instant();
        Cached known = cache.get(provider);
        if (known == null || !now.isBefore(known.readAt().plus(refresh))) {
            Instant until;
            try {
                until = store.pausedUntil(RedisKeys.providerPause(provider));
            } catch (RuntimeException e) {
                until = known == null ? null : known.until();
            }
            known = new Cached(until, now);
            cache.put(provider, known);
        }
        if (known.until() == null || !now.isBefore(known.until())) {
            return Duration.ZERO;
        }
        return Duration.between(now, known.until());
    }
}
