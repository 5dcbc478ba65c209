package dev.llmpool.workers.provider;

import dev.llmpool.schemas.envelope.AttemptError;

/** A provider call failed; {@link #error()} says how, in the pool's one error vocabulary. */
public final class ProviderException extends RuntimeException {

    private final transient AttemptError error;

    public ProviderException(AttemptError error) {
        super(error.errorClass().json() + ": " + error.message());
        this.error = error;
    }

    public ProviderException(AttemptError error, Throwable cause) {
        super(error.errorClass().json() + ": " + error.message(), cause);
        this.error = error;
    }

    public AttemptError error() {
        return error;
    }
}
