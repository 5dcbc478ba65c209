package dev.llmpool.router.effects;

/** A record that cannot be handled yet and should be delivered again after a pause (see {@code Effect.Defer}). */
public class NotReadyException extends RuntimeException {

    public NotReadyException(String message) {
        super(message);
    }
}
