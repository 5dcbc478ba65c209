package dev.llmpool.workers.provider;

/** Receives the pieces of a streamed answer in arrival order. */
@FunctionalInterface
public interface DeltaSink {

    /** A sink that drops everything. */
    DeltaSink NONE = part -> {
    };

    void accept(DeltaPart part);
}
