package dev.llmpool.simulator;

import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the simulator's counters since start (or the last reset). Generation endpoints only; the models
 * listing and the admin endpoints are not counted.
 *
 * @param requests         generation requests received, whatever their outcome
 * @param completed        requests answered 200 (streamed or not)
 * @param streamed         requests answered with an event stream
 * @param rateLimited      requests answered 429, by the real limiter or injected
 * @param streamErrors     streams that ended with an error frame ({@code [sim:stream_error_after=N]})
 * @param promptTokens     prompt tokens of completed requests
 * @param completionTokens completion tokens of completed requests
 * @param errorsByStatus   non-2xx answers by HTTP status, 429 included
 */
public record SimulatorStats(
        long requests,
        long completed,
        long streamed,
        long rateLimited,
        long streamErrors,
        long promptTokens,
        long completionTokens,
        Map<Integer, Long> errorsByStatus) {

    public SimulatorStats {
        errorsByStatus = Map.copyOf(errorsByStatus);
    }

    /** Requests answered with this HTTP status. */
    public long errors(int status) {
        return errorsByStatus.getOrDefault(status, 0L);
    }

    /** All non-2xx answers. */
    public long errors() {
        return errorsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return "SimulatorStats[requests=" + requests + ", completed=" + completed + ", streamed=" + streamed
                + ", rateLimited=" + rateLimited + ", streamErrors=" + streamErrors + ", promptTokens=" + promptTokens
                + ", completionTokens=" + completionTokens + ", errorsByStatus=" + new TreeMap<>(errorsByStatus) + "]";
    }
}
