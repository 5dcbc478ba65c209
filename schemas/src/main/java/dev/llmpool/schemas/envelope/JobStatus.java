package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A job's lifecycle as the job API shows it. */
public enum JobStatus {
    QUEUED, RUNNING, COMPLETED, FAILED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static JobStatus parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
