package dev.llmpool.workers.lanes;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The lanes of the provider workers, {@code llmpool.workers.lanes.*}: how much of each provider the batch lane
 * ({@code llm.provider.<p>.batch}, batch-priority jobs) may take, and when.
 *
 * @param batchReserve            the share of each provider's (and model's) RPM and TPM limits kept for interactive
 *                                work: batch calls take from buckets of {@code 1 - batchReserve} of the limits, and
 *                                from the provider's own
 * @param batchMaxInFlight        batch records one process holds per provider at most (taken off the lane and not
 *                                yet settled, running or waiting for quota); the rest of the backlog stays in Kafka
 * @param batchMinInFlight        the lane's guaranteed share: batch records one process may hold per provider even
 *                                while interactive work is busy, and batch calls per provider and process that queue
 *                                for the provider's quota among interactive calls (the others only take what is left),
 *                                so continuous interactive traffic cannot starve a batch; 0 = none
 * @param batchPollRecords        records per poll of a batch consumer (a hard bound): the gate sets that many slots
 *                                aside before each poll
 * @param batchConsumers          batch consumers per provider and process
 * @param interactiveBusyInFlight interactive records in flight in the process from which interactive work counts as
 *                                busy (unset: {@code max-in-flight} minus {@code batch-max-in-flight})
 * @param interactiveQuiet        how long after an interactive record reached a consumer late (it waited in its topic
 *                                longer than {@code consumer-wait-limit}: every interactive consumer was behind) the
 *                                batch lane stays closed
 * @param stopCache               how long a worker trusts what it read of a batch's stop flag
 * @param backlogRefresh          how old {@code llmpool.lanes.backlog} may be before a read of the gauge has Kafka read
 *                                again (nothing is read from Kafka while nobody reads the gauge)
 */
@Validated
@ConfigurationProperties("llmpool.workers.lanes")
public record LaneProperties(
        @DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("0.95") double batchReserve,
        @DefaultValue("64") @Min(1) int batchMaxInFlight,
        @DefaultValue("1") @Min(0) int batchMinInFlight,
        @DefaultValue("1") @Min(1) int batchPollRecords,
        @DefaultValue("1") @Min(1) int batchConsumers,
        @Min(1) Integer interactiveBusyInFlight,
        @DefaultValue("1s") @NotNull Duration interactiveQuiet,
        @DefaultValue("1s") @NotNull Duration stopCache,
        @DefaultValue("5s") @NotNull Duration backlogRefresh) {

    public LaneProperties {
        batchPollRecords = Math.min(batchPollRecords, batchMaxInFlight);
        batchMinInFlight = Math.min(batchMinInFlight, batchMaxInFlight);
    }

    /** The defaults, as bound from no properties. */
    public static LaneProperties defaults() {
        return new LaneProperties(0.2, 64, 1, 1, 1, null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5));
    }

    /** Interactive in flight from which the batch lane holds, given the process's {@code max-in-flight}. */
    public int interactiveBusyInFlight(int maxInFlight) {
        return interactiveBusyInFlight != null ? interactiveBusyInFlight
                : Math.max(1, maxInFlight - batchMaxInFlight);
    }
}
