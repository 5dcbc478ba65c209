package dev.llmpool.launcher.batch;

/** Where a watched batch's progress goes: a live bar on a terminal, plain lines elsewhere. */
public interface ProgressView extends AutoCloseable {

    void show(Progress progress);

    /** The watch is over: leave the last state on screen. */
    @Override
    void close();
}
