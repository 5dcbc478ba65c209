package dev.llmpool.launcher.bench;

/** Something the load generator calls: the simulator or the pool over HTTP, or the pool over Kafka. */
public interface Target extends AutoCloseable {

    /** The name printed in the report ({@code direct}, {@code pool}, {@code kafka}). */
    String name();

    /**
     * Makes one call, blocking the calling (virtual) thread until it is answered.
     *
     * @param startNanos the {@link System#nanoTime()} the call was meant to start at; latencies count from here,
     *                   so an open-loop run that falls behind its schedule shows it (no coordinated omission)
     */
    Sample call(long startNanos);

    @Override
    default void close() {
    }
}
