package dev.llmpool.simulator.fault;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which requests fail at random, at the settings' {@code errorRate} and {@code rateLimitErrorRate}.
 * Reproducible: the k-th decision is a pure function of (seed, k), so a single-threaded run with the same seed
 * fails the same requests. Lock-free; when both rates are zero it touches no shared state at all.
 */
public final class FaultInjector {

    private static final double UNIT = 0x1.0p-53;

    private final AtomicLong sequence = new AtomicLong();

    /** The fault for the next request. */
    public Fault next(double errorRate, double rateLimitErrorRate, long seed) {
        if (errorRate <= 0 && rateLimitErrorRate <= 0) {
            return Fault.NONE;
        }
        double draw = uniform(seed, sequence.getAndIncrement());
        if (draw < errorRate) {
            return Fault.SERVER_ERROR;
        }
        if (draw < errorRate + rateLimitErrorRate) {
            return Fault.RATE_LIMIT;
        }
        return Fault.NONE;
    }

    /** A uniform draw in [0, 1) for request {@code k}. */
    static double uniform(long seed, long k) {
        long z = seed + 0x9e3779b97f4a7c15L * (k + 1);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * UNIT;
    }
}
