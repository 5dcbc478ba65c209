package dev.llmpool.launcher.batch;

/**
 * A call to the gateway that did not give what was asked, with a message for a person: what happened and what to do
 * next.
 */
public final class GatewayException extends RuntimeException {

    /** The HTTP status of the gateway's answer, or 0 when there was none (not reachable, connection lost). */
    private final int status;

    public GatewayException(int status, String message) {
        super(message);
        this.status = status;
    }

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }

    /** True when the gateway gave no answer at all: not reachable, or the connection broke. */
    public boolean noAnswer() {
        return status == 0 && getCause() instanceof java.io.IOException;
    }
}
