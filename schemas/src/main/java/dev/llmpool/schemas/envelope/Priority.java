package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Interactive work goes before batch work. */
public enum Priority {
    INTERACTIVE, BATCH;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Priority parse(String value) {
        return value == null ? INTERACTIVE : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
