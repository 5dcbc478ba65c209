package dev.llmpool.workers.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The provider workers, {@code llmpool.workers.*}.
 *
 * @param enabled            whether this process runs provider workers at all
 * @param providers          the providers to serve (e.g. {@code openai} or {@code openai,local}); empty = every catalog
 *                           provider that has an endpoint ({@code llmpool.providers.<name>.base-url})
 * @param consumers          share consumers per provider at least (each a Kafka share consumer on its own thread); a
 *                           consumer cannot poll again until every record of its previous poll is settled, which
 *                           takes one Redis round trip (the attempt's lease)
 * @param maxConsumers       share consumers per provider at most: when records wait in the topic while the
 *                           consumers are busy settling their last polls (longer than {@code consumerWaitLimit}),
 *                           another consumer joins the group; one idle for {@code consumerIdleAfter} leaves again.
 *                           With leases a consumer is free again within a Redis round trip, so a few suffice; each
 *                           costs a thread, a connection and its fetch buffers (64 of them filled a 256 MiB heap
 *                           when a loaded machine made every round trip slow)
 * @param consumerWaitLimit  how long a record may have waited in its topic before another consumer joins
 * @param consumerIdleAfter  how long a consumer beyond the minimum may hold nothing before it leaves
 * @param maxPollRecords     records per poll, a hard bound ({@code share.acquire.mode=record_limit}); max consumers
 *                           times this is the most records this process holds per provider
 * @param maxInFlight        attempts this process runs at once (virtual threads); its consumers fetch nothing more
 *                           while it runs this many
 * @param leaseTtl           how long an attempt's lease lasts unless renewed (every third of it, while the process
 *                           lives): when a worker dies, its attempts are published again this long after
 * @param leaseReapInterval  how often each worker looks for lapsed leases of its providers; unset, a third of
 *                           {@code leaseTtl} (5 s by default: a lapse is noticed within a third of the lease after it,
 *                           and an idle pool does not ask Redis every second)
 * @param maxLeaseLapses     how many times an attempt's lease may lapse (each time, the worker running it stopped
 *                           before it ended) before the attempt is given up as poison: its record is dead-lettered
 *                           ({@code lease-lapsed}) and the router gets a failed outcome instead of another copy
 * @param autoOffsetReset    where a new share group starts: {@code earliest} (default) or {@code latest}
 * @param recordLockDuration the share groups' record lock ({@code share.record.lock.duration.ms}); unset = broker's
 * @param outcomeTimeout     how long to wait for the broker to take an outcome (and for delta appends to land)
 * @param drainTimeout       on shutdown, how long attempts in flight may take to finish
 * @param doneTtl            how long a finished attempt's idempotency marker lives
 * @param claimTtl           how long a running attempt's claim lives without its holder finishing: a second copy
 *                           of the attempt waits at most this long for the first before running it itself
 */
@Validated
@ConfigurationProperties("llmpool.workers")
public record WorkersProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue List<String> providers,
        @DefaultValue("2") @Min(1) int consumers,
        @DefaultValue("8") @Min(1) int maxConsumers,
        @DefaultValue("100ms") @NotNull Duration consumerWaitLimit,
        @DefaultValue("30s") @NotNull Duration consumerIdleAfter,
        @DefaultValue("500") @Min(1) int maxPollRecords,
        @DefaultValue("4096") @Min(1) int maxInFlight,
        @DefaultValue("15s") @NotNull Duration leaseTtl,
        Duration leaseReapInterval,
        @DefaultValue("5") @Min(1) int maxLeaseLapses,
        @DefaultValue("earliest") @Pattern(regexp = "earliest|latest") String autoOffsetReset,
        Duration recordLockDuration,
        @DefaultValue("30s") @NotNull Duration outcomeTimeout,
        @DefaultValue("30s") @NotNull Duration drainTimeout,
        @DefaultValue("24h") @NotNull Duration doneTtl,
        @DefaultValue("3m") @NotNull Duration claimTtl) {

    public WorkersProperties {
        providers = providers == null ? List.of()
                : providers.stream().map(String::trim).filter(p -> !p.isEmpty()).distinct().toList();
    }

    /** How often each worker looks for lapsed leases: {@code leaseReapInterval}, else a third of {@code leaseTtl}. */
    public Duration reapInterval() {
        return leaseReapInterval != null ? leaseReapInterval : leaseTtl.dividedBy(3);
    }
}
