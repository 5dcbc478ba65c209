package dev.llmpool.router.kafka;

import java.time.Duration;

/**
 * How long the records of one poll may be retried and handled. Derived from the consumer's
 * {@code max.poll.interval.ms} ({@link #of}), it makes every poll end, and the consumer poll again, before the
 * broker would take its partitions away, however many records fail and however long their handling takes.
 *
 * @param backoff     the pause before a failing record is handled again
 * @param maxRetries  how many times one record is handled again before it goes to its dead letter
 * @param retryBudget how long after a poll arrived its records may still be retried: a retry whose pause would end
 *                    later is not made, the record goes to its dead letter at once
 * @param stopAfter   how long after its arrival a poll's handlers still running are cancelled; the poll then fails
 *                    and is delivered again
 * @param stopGrace   how long cancelled handlers are waited for before the poll gives up on them
 */
public record PollBudget(Duration backoff, int maxRetries, Duration retryBudget, Duration stopAfter,
                         Duration stopGrace) {

    /**
     * Retries within {@code retryBudget} but never past a third of {@code maxPollInterval}; handlers stopped at half
     * of it and waited for at most a quarter more, so the poll is over well before the interval ends.
     */
    public static PollBudget of(Duration backoff, int maxRetries, Duration retryBudget, Duration maxPollInterval) {
        Duration third = maxPollInterval.dividedBy(3);
        return new PollBudget(backoff, maxRetries, retryBudget.compareTo(third) < 0 ? retryBudget : third,
                maxPollInterval.dividedBy(2), maxPollInterval.dividedBy(4));
    }
}
