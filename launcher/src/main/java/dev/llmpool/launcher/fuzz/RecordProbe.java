package dev.llmpool.launcher.fuzz;

import java.util.Map;

/**
 * One bad (or doubtful) Kafka record.
 *
 * @param kind          what kind of bad input it is (the report's rows)
 * @param topic         where it is published
 * @param key           its key, or null
 * @param value         its value, or null (a tombstone)
 * @param headers       its headers
 * @param correlationId the job it names, when it names one (to find its result or its outcome's dead letter)
 * @param expect        what must follow it
 */
public record RecordProbe(String kind, String topic, String key, byte[] value, Map<String, String> headers,
                          String correlationId, Expect expect) {

    public RecordProbe {
        headers = Map.copyOf(headers);
    }

    /** What must follow a record. */
    public enum Expect {
        /** A dead letter of this very record (its topic, partition and offset in the dead letter's headers). */
        DEAD_LETTER,
        /** The record may be a valid job: its result on {@code llm.results}, or a dead letter of it. */
        DEAD_LETTER_OR_RESULT,
        /**
         * An attempt a stray producer wrote: a dead letter of it, or (while workers still take such attempts) a dead
         * letter of the outcome the worker wrote for it on {@code llm.attempts.dlt}, keyed by its job.
         */
        DEAD_LETTER_OR_OUTCOME_DEAD_LETTER
    }
}
