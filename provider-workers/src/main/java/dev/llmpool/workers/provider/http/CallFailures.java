package dev.llmpool.workers.provider.http;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** The failures of a call that got no answer to classify: I/O failures and the call's time limits. Pure. */
final class CallFailures {

    private CallFailures() {
    }

    /** A request that never got an answer: connection refused, reset, timed out. Always {@code TRANSIENT}. */
    static AttemptError io(IOException e) {
        String code = e instanceof HttpConnectTimeoutException ? "connect_timeout"
                : e instanceof HttpTimeoutException ? "timeout" : "io_error";
        String detail = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new AttemptError(ErrorClass.TRANSIENT, detail, null, null, code);
    }

    /** The call ran out of its time budget: the request timeout or the job's deadline. */
    static AttemptError timeout(Duration budget, boolean deadline) {
        return deadline
                ? new AttemptError(ErrorClass.DEADLINE_EXCEEDED, "the job's deadline passed during the provider call ("
                        + budget.toMillis() + " ms left at the start)", null, null, "deadline")
                : new AttemptError(ErrorClass.TRANSIENT, "the provider did not answer within " + budget.toMillis()
                        + " ms", null, null, "timeout");
    }

    /** A streamed call whose first token did not arrive in time: {@code TRANSIENT}, another try may be faster. */
    static AttemptError firstTokenTimeout(Duration limit) {
        return new AttemptError(ErrorClass.TRANSIENT, "no first token from the provider within " + limit.toMillis()
                + " ms", null, null, "first_token_timeout");
    }
}
