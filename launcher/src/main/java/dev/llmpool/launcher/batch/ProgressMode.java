package dev.llmpool.launcher.batch;

/** {@code --progress}: a live bar, plain lines, or whichever suits where the output goes. */
public enum ProgressMode {
    /** The bar on a terminal, plain lines otherwise (a pipe, a file, CI). */
    AUTO,
    /** The live bar (on standard error). */
    BAR,
    /** A line every few seconds and at each change of status. */
    PLAIN;

    /** @param terminal whether the process talks to a terminal */
    public ProgressMode resolve(boolean terminal) {
        return this != AUTO ? this : terminal ? BAR : PLAIN;
    }
}
