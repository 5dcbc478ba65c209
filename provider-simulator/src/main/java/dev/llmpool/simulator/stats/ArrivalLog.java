package dev.llmpool.simulator.stats;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * When generation requests arrived (epoch milliseconds, the last {@value #CAPACITY}), to tell the most requests any
 * window of a given length held: what a provider's RPM limit is about, however it counts.
 */
final class ArrivalLog {

    static final int CAPACITY = 100_000;

    private final ArrayDeque<Long> arrivals = new ArrayDeque<>();

    synchronized void add(long epochMillis) {
        if (arrivals.size() == CAPACITY) {
            arrivals.removeFirst();
        }
        arrivals.addLast(epochMillis);
    }

    /** The most arrivals within any {@code window} (a half-open interval of that length). */
    synchronized int maxIn(Duration window) {
        long[] times = arrivals.stream().mapToLong(Long::longValue).sorted().toArray();
        long length = window.toMillis();
        int best = 0;
        int start = 0;
        for (int end = 0; end < times.length; end++) {
            while (times[end] - times[start] >= length) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    synchronized void clear() {
        arrivals.clear();
    }
}
