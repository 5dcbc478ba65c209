package dev.llmpool.simulator.stats;

import dev.llmpool.simulator.SimulatorStats;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts what the simulator answers. Contention-free ({@link LongAdder}s); {@link #snapshot()} is consistent enough. */
public final class StatsRecorder {

    private final LongAdder requests = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder streamed = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder streamErrors = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> errorsByStatus = new ConcurrentHashMap<>();

    private final ArrivalLog arrivals = new ArrivalLog();

    /** A generation request arrived at {@code epochMillis} (before any limit or fault decided its answer). */
    public void request(long epochMillis) {
        requests.increment();
        arrivals.add(epochMillis);
    }

    /** The most generation requests that arrived within any {@code window} (of the last 100 000). */
    public int maxRequestsIn(Duration window) {
        return arrivals.maxIn(window);
    }

    /** A 200 answer with an event stream has started. */
    public void streamStarted() {
        streamed.increment();
    }

    /** A 200 answer (streamed or not) finished, with its token usage. */
    public void completed(int prompt, int completion) {
        completed.increment();
        promptTokens.add(prompt);
        completionTokens.add(completion);
    }

    /** A non-2xx answer. */
    public void error(int status) {
        if (status == 429) {
            rateLimited.increment();
        }
        errorsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    /** A stream that ended with an error frame. */
    public void streamError() {
        streamErrors.increment();
    }

    public SimulatorStats snapshot() {
        Map<Integer, Long> errors = new HashMap<>();
        errorsByStatus.forEach((status, count) -> errors.put(status, count.sum()));
        return new SimulatorStats(requests.sum(), completed.sum(), streamed.sum(), rateLimited.sum(),
                streamErrors.sum(), promptTokens.sum(), completionTokens.sum(), errors);
    }

    /** Back to zero. Counts racing with the reset may land on either side. */
    public void reset() {
        requests.reset();
        completed.reset();
        streamed.reset();
        rateLimited.reset();
        streamErrors.reset();
        promptTokens.reset();
        completionTokens.reset();
        errorsByStatus.clear();
        arrivals.clear();
    }
}
