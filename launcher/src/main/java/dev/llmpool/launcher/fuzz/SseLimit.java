package dev.llmpool.launcher.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * More subscriptions to one job's events than the gateway allows: a job the simulator holds for a while, then
 * {@code limit + extra} clients following its events at once. Each answer must be the event stream or a 429 in the
 * OpenAI shape, at most {@code limit} of them streams and at least one a 429.
 */
final class SseLimit {

    static final String KIND = "sse-beyond-limit";

    private SseLimit() {
    }

    /**
     * @param record called with each request sent and its answer, and the rule's verdict (null: kept)
     */
    static void run(RawHttp http, ChatBodies bodies, String jobId, int limit, int extra, int holdSeconds,
                    Recorder record) {
        HttpProbe create = HttpProbe.of(KIND, "POST", HttpProbes.JOBS,
                List.of(HttpProbes.JSON, "x-llmpool-job-id: " + jobId),
                HttpBody.json(bodies.held(jobId, holdSeconds))).maybeValid();
        HttpAnswer created = http.send(create);
        record.accept(create, created, created.status() == 202 ? null
                : "the job to follow was answered " + created.status());
        if (created.status() != 202) {
            return;
        }
        HttpProbe follow = HttpProbe.of(KIND, "GET", HttpProbes.JOBS + "/" + jobId + "/events", List.of(),
                new HttpBody.None()).maybeValid();
        List<RawHttp.Exchange> open = new ArrayList<>();
        try {
            int streams = 0;
            int refused = 0;
            for (int i = 0; i < limit + extra; i++) {
                RawHttp.Exchange exchange = http.open(follow);
                open.add(exchange);
                HttpAnswer answer = exchange.answer();
                String violation = answer.eventStream() ? null
                        : answer.status() == 429 ? HttpVerdict.violation(follow, answer)
                        : "answered " + answer.status() + " to a follower";
                if (answer.eventStream() && ++streams > limit) {
                    violation = "stream " + streams + " of one job, over the limit of " + limit;
                }
                if (answer.status() == 429) {
                    refused++;
                }
                if (i == limit + extra - 1 && refused == 0) {
                    violation = (violation == null ? "" : violation + "; ") + "no follower of " + (limit + extra)
                            + " was refused";
                }
                record.accept(follow, answer, violation);
            }
        } finally {
            open.forEach(RawHttp.Exchange::close);
        }
    }

    /** Where each request and its verdict go. */
    interface Recorder {
        void accept(HttpProbe probe, HttpAnswer answer, String violation);
    }
}
