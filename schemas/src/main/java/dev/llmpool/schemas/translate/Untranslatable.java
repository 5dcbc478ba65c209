package dev.llmpool.schemas.translate;

import dev.llmpool.schemas.envelope.ErrorClass;

/**
 * A request one format cannot express in another: {@link ErrorClass#UNSUPPORTED} for what the other side cannot do,
 * {@link ErrorClass#BAD_REQUEST} for what is malformed in either. The worker turns it into a failed attempt, the
 * gateway into its API's 400.
 *
 * @see #param() the request field at fault, or null
 */
public final class Untranslatable extends RuntimeException {

    private final ErrorClass errorClass;
    private final String param;

    public Untranslatable(ErrorClass errorClass, String message, String param) {
        super(message);
        this.errorClass = errorClass;
        this.param = param;
    }

    /** What {@code format} (its display name) cannot do. */
    public static Untranslatable unsupported(String format, String what) {
        return new Untranslatable(ErrorClass.UNSUPPORTED, format + " does not support " + what, null);
    }

    /** A request no side would accept. */
    public static Untranslatable badRequest(String message) {
        return new Untranslatable(ErrorClass.BAD_REQUEST, message, null);
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    public String param() {
        return param;
    }
}
