package dev.llmpool.workers.provider.errors;

import java.net.http.HttpHeaders;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * What one provider's errors say beyond what {@link ErrorMapping} reads for all: its own wait headers, what its body
 * adds to the common {@code error} object, and how its answer marks itself an error. Each provider's implementation
 * lives next to its adapter; every method has the answer of a provider without that quirk.
 */
public interface ProviderErrors {

    /**
     * The wait a 429 names in the provider's own rate-limit headers (read only when {@code retry-after} said
     * nothing), in milliseconds, or null.
     */
    default Long resetWaitMs(HttpHeaders headers, Instant now) {
        return null;
    }

    /** The wait the error object names (Gemini's {@code RetryInfo}), in milliseconds, or null. */
    default Long bodyWaitMs(JsonNode error) {
        return null;
    }

    /** Whether the error object says the key was rejected though the status is 400 (Gemini). */
    default boolean rejectsKey(JsonNode error) {
        return false;
    }

    /** Whether a JSON answer (a 200 body, a stream frame) is an error: by default one with an {@code error} field. */
    default boolean isError(JsonNode answer) {
        JsonNode error = answer.get("error");
        return error != null && !error.isNull();
    }
}
