package dev.llmpool.simulator.gemini;

import dev.llmpool.simulator.gemini.wire.Status;
import java.util.List;

/**
 * An answer in Google's error shape, thrown where the problem is found and written by the handler.
 *
 * @see GeminiErrors
 */
public final class GeminiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String status;
    private final transient List<Object> details;

    GeminiException(int code, String status, String message, List<Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.details = List.copyOf(details);
    }

    /** The HTTP status. */
    public int code() {
        return code;
    }

    /** The canonical status name: {@code INVALID_ARGUMENT}, {@code RESOURCE_EXHAUSTED}, {@code UNAVAILABLE}, .... */
    public String status() {
        return status;
    }

    /** The body's {@code error} object. */
    public Status body() {
        return new Status(code, getMessage(), status, details);
    }
}
