package dev.llmpool.router.machine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a job is in the router's hands. */
public enum RoutePhase {
    /** Accepted and being routed, e.g. while the cache is asked (only seen inside one decision loop). */
    ROUTING,
    /** An attempt is out at a provider; the router waits for its outcome. */
    WAITING,
    /** Finished with an answer. */
    COMPLETED,
    /** Finished without an answer. */
    FAILED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RoutePhase parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
