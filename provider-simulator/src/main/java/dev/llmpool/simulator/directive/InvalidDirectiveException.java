package dev.llmpool.simulator.directive;

/** A {@code [sim:...]} directive that is unknown or has a bad value; answered as a 400. */
public final class InvalidDirectiveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidDirectiveException(String message) {
        super(message);
    }
}
