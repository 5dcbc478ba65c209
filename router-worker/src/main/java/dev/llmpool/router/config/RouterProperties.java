package dev.llmpool.router.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The router's settings, under {@code llmpool.router.*}.
 *
 * @param enabled             whether this process runs the router
 * @param groupId             the consumer group on {@code llm.requests} and {@code llm.attempts}
 * @param concurrency         consumers per topic in this process (each handles the jobs of its poll side by side)
 * @param maxAttempts         attempts per job, all models together
 * @param maxAttemptsPerModel attempts on one model before falling back to the next
 * @param defaultWait         the wait before retrying a rate-limited model when the provider named none
 * @param maxWaits            attempts a job may add to {@code maxAttempts} by waiting out rate limits and open
 *                            circuits (each after the provider's wait, only while the job's deadline allows)
 * @param sendTimeout         how long a publish may take before the record is redelivered
 * @param commitInterval      how often a consumer commits the offsets of the polls it has handled (0: after every
 *                            poll): at the first poll after the interval, so on a quiet topic up to the container's
 *                            poll timeout later; a router that dies redelivers that handled work and handles it again
 *                            idempotently, and the broker is spared an offset commit per poll
 * @param redelivery          how a record whose handling failed is delivered again before it is dead-lettered
 */
@Validated
@ConfigurationProperties("llmpool.router")
public record RouterProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("llmpool-router") @NotBlank String groupId,
        @DefaultValue("3") @Min(1) int concurrency,
        @DefaultValue("4") @Min(1) int maxAttempts,
        @DefaultValue("2") @Min(1) int maxAttemptsPerModel,
        @DefaultValue("1s") @NotNull Duration defaultWait,
        @DefaultValue("8") @Min(0) int maxWaits,
        @DefaultValue("30s") @NotNull Duration sendTimeout,
        @DefaultValue("100ms") @NotNull Duration commitInterval,
        @DefaultValue @Valid Redelivery redelivery) {

    /**
     * A failure that no retry can help (an outcome of an unknown job or attempt, an error of the pool's own code or
     * data) goes to {@code <topic>.dlt} at once; others are retried within these bounds.
     *
     * @param backoff    the pause before each redelivery
     * @param maxRetries redeliveries of one record before it goes to {@code <topic>.dlt}
     * @param pollBudget how long the records of one poll may be retried in all, counted from the poll's arrival (at
     *                   most a third of the consumer's {@code max.poll.interval.ms}, whatever is set here): a record
     *                   still failing after it goes to {@code <topic>.dlt} at once, so a poll always ends in time
     */
    public record Redelivery(@DefaultValue("200ms") @NotNull Duration backoff,
                             @DefaultValue("50") @Min(0) int maxRetries,
                             @DefaultValue("10s") @NotNull Duration pollBudget) {
    }
}
