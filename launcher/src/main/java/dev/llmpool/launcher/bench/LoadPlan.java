package dev.llmpool.launcher.bench;

/**
 * How much load one run offers.
 *
 * @param requests    calls to make
 * @param concurrency closed loop: clients, each sending its next call when the previous one was answered.
 *                    Ignored in open loop
 * @param rate        open loop: calls started per second on a fixed schedule whatever the answers do; 0 = closed loop
 */
public record LoadPlan(int requests, int concurrency, double rate) {

    public LoadPlan {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must be >= 0, was " + requests);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, was " + rate);
        }
    }

    public boolean openLoop() {
        return rate > 0;
    }

    /** The same plan with another number of calls (the warm-up). */
    public LoadPlan withRequests(int n) {
        return new LoadPlan(n, concurrency, rate);
    }

    /** The nanosecond offset from the run's start at which call {@code i} is due in open loop. */
    public long dueNanos(int i) {
        return rate > 0 ? (long) (i * 1e9 / rate) : 0;
    }
}
