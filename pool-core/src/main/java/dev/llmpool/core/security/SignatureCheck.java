package dev.llmpool.core.security;

/** What {@link RecordSigner#verify} found on a record. */
public enum SignatureCheck {

    /** Signed by the pool with one of its accepted keys: the record is the pool's, as written. */
    VALID(null),
    /** No signature: the record was not written by the pool. */
    UNSIGNED("unsigned-record"),
    /**
     * A signature that no accepted key made: another key, or a record changed after it was signed (its topic, key,
     * value or {@code llmpool-*} headers).
     */
    BAD_SIGNATURE("bad-signature");

    private final String reason;

    SignatureCheck(String reason) {
        this.reason = reason;
    }

    public boolean valid() {
        return this == VALID;
    }

    /** The {@code llmpool-dlt-reason} of the record's dead letter; null for a valid one. */
    public String reason() {
        return reason;
    }

    /** Whether a dead letter's {@code llmpool-dlt-reason} says its record failed this check (was not the pool's). */
    public static boolean refused(String deadLetterReason) {
        return UNSIGNED.reason.equals(deadLetterReason) || BAD_SIGNATURE.reason.equals(deadLetterReason);
    }

    /** The dead letter's detail. */
    public String detail(String topic) {
        return switch (this) {
            case VALID -> "signed by the pool";
            case UNSIGNED -> "the record carries no llmpool-signature: " + topic + " takes only records the pool wrote";
            case BAD_SIGNATURE -> "the record's llmpool-signature was not made by the pool's record key over this "
                    + "record: another key, or the record was changed after it was signed";
        };
    }
}
