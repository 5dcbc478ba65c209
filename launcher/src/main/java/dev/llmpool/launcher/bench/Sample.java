package dev.llmpool.launcher.bench;

/**
 * One measured call.
 *
 * @param latencyNanos    from the call's intended start to its complete answer
 * @param firstTokenNanos from the intended start to the first content token (streaming), else 0
 * @param error           null when the call got a complete, successful answer; otherwise what went wrong, in a few
 *                        words that group alike failures ({@code HTTP 504}, {@code HttpConnectTimeoutException}, …)
 */
public record Sample(long latencyNanos, long firstTokenNanos, String error) {

    public static Sample ok(long latencyNanos, long firstTokenNanos) {
        return new Sample(latencyNanos, firstTokenNanos, null);
    }

    public static Sample failed(long latencyNanos, String error) {
        return new Sample(latencyNanos, 0, error);
    }

    /** A failure from an exception: its class's simple name. */
    public static Sample failed(long latencyNanos, Throwable error) {
        Throwable cause = error.getCause() != null && error.getClass().getSimpleName().equals("ExecutionException")
                ? error.getCause() : error;
        return failed(latencyNanos, cause.getClass().getSimpleName());
    }

    public boolean ok() {
        return error == null;
    }
}
