package dev.llmpool.launcher.dlq;

/**
 * Which dead letters to select.
 *
 * @param topic  one DLT topic, or null for all of them ({@code *.dlt})
 * @param reason one {@code llmpool-dlt-reason}, or null for any
 * @param limit  at most this many, the most recent ones (0 = no limit)
 */
public record DeadLetterFilter(String topic, String reason, int limit) {

    public DeadLetterFilter {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }

    public boolean accepts(DeadLetter letter) {
        return reason == null || reason.equals(letter.reason());
    }
}
