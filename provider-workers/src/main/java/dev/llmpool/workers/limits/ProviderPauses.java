package dev.llmpool.workers.limits;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.names.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses of whole providers: when a provider answers 429 with a wait, every worker of that provider stops taking new
 * records and holds its calls until then, instead of hammering it. A pause is a Redis key
 * ({@link RedisKeys#providerPause}) holding the instant it ends, expiring then; each process re-reads it at most
 * every {@code refresh}, without waiting for the answer (a consumer thread never blocks on Redis: until the answer
 * comes, what it knew holds), and knows its own pauses at once.
 */
public final class ProviderPauses {

    /** Where pauses are kept. Neither call may block: the consumer threads ask before every poll. */
    public interface Store {

        /** Records that the provider is paused until {@code until} (the key expires then). */
        CompletionStage<?> pause(String key, Instant until);

        /** The end of the provider's pause, or null when it is not paused. */
        CompletionStage<Instant> pausedUntil(String key);
    }

    private static final Logger log = LoggerFactory.getLogger(ProviderPauses.class);

    private record Cached(Instant until, Instant readAt) {
    }

    private final Store store;
    private final Clock clock;
    private final Duration maxPause;
    private final Duration refresh;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

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
        cache.put(provider, new Cached(until.get(), now));
        try {
            store.pause(RedisKeys.providerPause(provider), until.get()).whenComplete((done, failure) -> {
                if (failure != null) {
                    log.warn("Pause of '{}' not recorded in Redis ({}); only this process holds", provider,
                            failure.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Pause of '{}' not recorded in Redis ({}); only this process holds", provider, e.toString());
        }
        return until;
    }

    /** How long the provider stays paused from now, as far as this process knows; zero when it is not. */
    public Duration remaining(String provider) {
        Instant now = clock.instant();
        Cached known = cache.get(provider);
        if ((known == null || !now.isBefore(known.readAt().plus(refresh))) && refreshing.add(provider)) {
            Instant previous = known == null ? null : known.until();
            try {
                store.pausedUntil(RedisKeys.providerPause(provider)).whenComplete((until, error) -> {
                    Instant latest = error == null ? until : previous;
                    // a pause recorded here after the read began is newer than what the read returns
                    cache.compute(provider, (k, old) -> old != null && old.readAt().isAfter(now) ? old
                            : new Cached(latest, now));
                    refreshing.remove(provider);
                });
            } catch (RuntimeException e) {
                cache.put(provider, new Cached(previous, now));
                refreshing.remove(provider);
            }
            known = cache.get(provider);
        }
        if (known == null || known.until() == null || !now.isBefore(known.until())) {
            return Duration.ZERO;
        }
        return Duration.between(now, known.until());
    }
}
