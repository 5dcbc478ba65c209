package dev.llmpool.core.routing;

/** A rules file that cannot be used; the message names the source and line. */
public final class RulesException extends RuntimeException {

    private final int line;

    public RulesException(String source, int line, String problem) {
        super(source + (line > 0 ? " line " + line : "") + ": " + problem);
        this.line = line;
    }

    /** The 1-based line of the problem, 0 when it is not tied to one. */
    public int line() {
        return line;
    }
}
