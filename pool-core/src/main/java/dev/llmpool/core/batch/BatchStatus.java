package dev.llmpool.core.batch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A batch's status, OpenAI's words. The last four are final: the batch never changes again. */
public enum BatchStatus {
    VALIDATING, IN_PROGRESS, FINALIZING, CANCELLING, FAILED, COMPLETED, EXPIRED, CANCELLED;

    public boolean isFinal() {
        return this == FAILED || this == COMPLETED || this == EXPIRED || this == CANCELLED;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BatchStatus parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
