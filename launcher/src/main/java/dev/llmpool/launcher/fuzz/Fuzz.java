package dev.llmpool.launcher.fuzz;

import dev.llmpool.schemas.names.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A fuzz run against a running pool: malformed HTTP requests (with a few stalled bodies and one job followed by more
 * clients than allowed) and malformed Kafka records at the same time, then valid jobs over both, then a wait until
 * the pool has dead-lettered, finished and caught up; then the checks: every answer a 4xx/503 in the OpenAI shape (a
 * 2xx only for a valid request), every bad record dead-lettered, every valid job completed, no lag left, no
 * rebalance of the router's group.
 */
public final class Fuzz {

    /** How long an answer to a stalled body may take: the server's read timeout (Tomcat's 60 s by default) and more. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(150);
    /** How long the simulator holds the job whose events too many clients follow. */
    private static final int HOLD_SECONDS = 15;
    private static final int SSE_EXTRA = 4;

    private final PrintStream progress;

    public Fuzz(PrintStream progress) {
        this.progress = progress;
    }

    /**
     * A published probe (its value dropped: ten thousand records of up to 2.5 MB would not fit the heap), the start
     * of its value for the report, and where it landed (or why it was refused).
     */
    private record Sent(RecordProbe probe, String value, CompletableFuture<Coordinates> landed) {

        static Sent of(RecordProbe probe, CompletableFuture<Coordinates> landed) {
            RecordProbe light = new RecordProbe(probe.kind(), probe.topic(), probe.key(), null, probe.headers(),
                    probe.correlationId(), probe.expect());
            String value = probe.value() == null ? "null" : FuzzReport.shorten(new String(probe.value(), 0,
                    Math.min(probe.value().length, 4096), StandardCharsets.UTF_8));
            return new Sent(light, value, landed);
        }
    }

    public FuzzReport run(FuzzSettings settings) {
        String nonce = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        FuzzReport report = new FuzzReport(settings, nonce);
        KafkaTrail trail = new KafkaTrail();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap()));
             RecordPublisher publisher = new RecordPublisher(settings.bootstrap());
             TopicReader reader = TopicReader.fromNow(admin, settings.bootstrap(),
                     t -> t.endsWith(".dlt") || t.equals(Topics.RESULTS))) {
            ConsumerLag lag = new ConsumerLag(admin);
            PoolMetrics metrics = new PoolMetrics(settings.prometheus());
            Optional<Map<String, Long>> before = awaitQuiet(lag, metrics);
            OptionalLong redisBefore = RedisMemory.usedBytes(settings.redis());
            RawHttp http = new RawHttp(settings.gateway(), settings.timeout(), STALL_TIMEOUT);
            HttpProbes httpProbes = new HttpProbes(settings.seed(), nonce, settings.model(), settings.skip());
            RecordProbes recordProbes = new RecordProbes(settings.seed(), nonce, settings.model(), settings.provider(),
                    settings.skip());

            long t0 = System.nanoTime();
            progress.printf("fuzz: run %s, seed %d: %d HTTP requests and %d records%n", nonce, settings.seed(),
                    settings.http(), settings.records());
            List<Sent> sent = new ArrayList<>();
            AtomicLong httpMillis = new AtomicLong();
            AtomicLong recordMillis = new AtomicLong();
            List<Future<?>> running = new ArrayList<>();
            try (ExecutorService phases = Executors.newVirtualThreadPerTaskExecutor()) {
                running.add(phases.submit(() -> {
                    sendHttp(settings, http, httpProbes, report);
                    httpMillis.set(millisSince(t0));
                }));
                running.add(phases.submit(() -> {
                    sent.addAll(publish(settings, publisher, recordProbes));
                    recordMillis.set(millisSince(t0));
                }));
                for (int i = 0; i < settings.stalled(); i++) {
                    long index = i;
                    running.add(phases.submit(() -> {
                        HttpProbe probe = httpProbes.stalled(index);
                        HttpAnswer answer = http.send(probe);
                        report.http(probe, answer, HttpVerdict.violation(probe, answer));
                    }));
                }
                if (settings.http() > 0) {
                    running.add(phases.submit(() -> SseLimit.run(http, new ChatBodies(settings.model()),
                            httpProbes.id(-1, "-followed"), settings.sseLimit(), SSE_EXTRA, HOLD_SECONDS,
                            report::http)));
                }
            }
            for (Future<?> phase : running) {
                failure(phase).ifPresent(e -> {
                    report.violation("the fuzzer itself failed: " + e);
                    e.printStackTrace(progress);
                });
            }
            progress.printf("fuzz: probes sent (HTTP %.1f s, records %.1f s); now %d valid jobs%n",
                    httpMillis.get() / 1000.0, recordMillis.get() / 1000.0, settings.validJobs());

            long t1 = System.nanoTime();
            List<String> valid = new ArrayList<>();
            for (int i = 0; i < settings.validJobs(); i++) {
                String id = "fz-" + settings.seed() + "-" + nonce + "-v" + i;
                valid.add(id);
                publisher.publish(new RecordProbe("valid", Topics.REQUESTS, id, validJob(id, settings.model()),
                        Map.of(), id, RecordProbe.Expect.DEAD_LETTER_OR_RESULT));
            }
            publisher.flush();
            long httpValid = Math.max(1, settings.validJobs() / 4);
            AtomicLong answered = new AtomicLong();
            try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
                for (long i = 0; i < httpValid; i++) {
                    String body = new ChatBodies(settings.model()).plain("valid " + nonce + " " + i);
                    calls.submit(() -> {
                        HttpProbe probe = HttpProbe.of("valid-after", "POST", HttpProbes.CHAT,
                                List.of(HttpProbes.JSON), HttpBody.json(body)).maybeValid();
                        HttpAnswer answer = http.send(probe);
                        if (answer.status() == 200) {
                            answered.incrementAndGet();
                        } else {
                            report.violation("a valid chat completion after the fuzzing was answered "
                                    + answer.status() + " " + HttpVerdict.snippet(answer));
                        }
                    });
                }
            }

            Map<String, Long> lagLeft = settle(settings, reader, trail, lag, sent, valid);
            long settleMillis = millisSince(t1);
            long completed = valid.stream().filter(id -> "completed".equals(trail.resultOf(id))).count();
            valid.stream().filter(id -> !"completed".equals(trail.resultOf(id))).limit(5).forEach(id ->
                    report.violation("valid job " + id + " did not complete (result: " + trail.resultOf(id) + ")"));
            report.validJobs(valid.size(), completed, httpValid, answered.get());
            for (Sent s : sent) {
                Coordinates at = s.landed().getNow(null);
                String refused = s.landed().isCompletedExceptionally() ? "refused" : null;
                report.record(s.probe(), s.value(), at, refused, at == null ? null : trail.deadLetterOf(at),
                        trail.outcomeDeadLetterOf(s.probe().correlationId()), trail.resultOf(s.probe().correlationId()));
            }
            if (report.httpSent() < settings.http() || report.recordsSent() < settings.records()) {
                report.violation("sent " + report.httpSent() + " of " + settings.http() + " HTTP requests and "
                        + report.recordsSent() + " of " + settings.records() + " records");
            }
            if (ConsumerLag.total(lagLeft) > 0) {
                report.violation("consumer lag left after " + settings.settle().toSeconds() + " s: " + lagLeft);
            }
            Optional<Map<String, Long>> after = metrics.partitions();
            if (before.isPresent() && after.isPresent() && !before.get().equals(after.get())) {
                report.violation("the router's consumer group rebalanced during the run: partitions " + before.get()
                        + " before, " + after.get() + " after");
            }
            report.pool(trail.deadLettersByReason(), lagLeft, before, after);
            report.redis(redisBefore, RedisMemory.usedBytes(settings.redis()));
            report.times(httpMillis.get(), recordMillis.get(), settleMillis);
        }
        return report;
    }

    private static Optional<Throwable> failure(Future<?> phase) {
        try {
            phase.get();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(e);
        }
    }

    private void sendHttp(FuzzSettings settings, RawHttp http, HttpProbes probes, FuzzReport report) {
        AtomicLong next = new AtomicLong();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < settings.concurrency(); c++) {
                clients.submit(() -> {
                    for (long i = next.getAndIncrement(); i < settings.http(); i = next.getAndIncrement()) {
                        HttpProbe probe = probes.probe(i);
                        boolean ready = true;
                        for (HttpProbe first : probe.setup()) {
                            HttpAnswer answer = http.send(first);
                            boolean ok = answer.status() / 100 == 2;
                            report.http(first, answer, ok ? null : "its setup request was answered "
                                    + answer.status() + " " + HttpVerdict.snippet(answer));
                            ready &= ok;
                        }
                        if (ready) {
                            HttpAnswer answer = http.send(probe);
                            report.http(probe, answer, HttpVerdict.violation(probe, answer));
                        }
                        if ((i + 1) % 1000 == 0) {
                            progress.printf("fuzz: %d HTTP requests sent%n", i + 1);
                        }
                    }
                });
            }
        }
    }

    private List<Sent> publish(FuzzSettings settings, RecordPublisher publisher, RecordProbes probes) {
        List<Sent> sent = new ArrayList<>();
        for (long i = 0; i < settings.records(); i++) {
            for (RecordProbe probe : probes.probes(i)) {
                sent.add(Sent.of(probe, publisher.publish(probe)));
            }
            if ((i + 1) % 1000 == 0) {
                progress.printf("fuzz: %d records published%n", i + 1);
            }
        }
        publisher.flush();
        return sent;
    }

    /**
     * Reads what the pool writes until every record has what must follow it, every valid job a result and no consumer
     * lag is left, or the settle time is over; the lag left.
     */
    private Map<String, Long> settle(FuzzSettings settings, TopicReader reader, KafkaTrail trail, ConsumerLag lag,
                                     List<Sent> sent, List<String> valid) {
        long end = System.nanoTime() + settings.settle().toNanos();
        Map<String, Long> left;
        while (true) {
            reader.catchUp(trail::accept);
            left = lag.now();
            long open = sent.stream().filter(s -> !done(s, trail)).count()
                    + valid.stream().filter(id -> trail.resultOf(id) == null).count();
            if (open == 0 && ConsumerLag.total(left) == 0 || System.nanoTime() > end) {
                progress.printf("fuzz: settled (%d records or jobs still open, lag %d)%n", open,
                        ConsumerLag.total(left));
                return left;
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    private static boolean done(Sent s, KafkaTrail trail) {
        Coordinates at = s.landed().getNow(null);
        if (at == null) {
            return true; // refused by the broker, or not acknowledged: counted as it is
        }
        RecordProbe probe = s.probe();
        return trail.deadLetterOf(at) != null || switch (probe.expect()) {
            case DEAD_LETTER -> false;
            case DEAD_LETTER_OR_RESULT -> trail.resultOf(probe.correlationId()) != null;
            case DEAD_LETTER_OR_OUTCOME_DEAD_LETTER -> trail.outcomeDeadLetterOf(probe.correlationId()) != null;
        };
    }

    /**
     * Waits (at most a minute) until the router has no lag and its partition counter holds still, so a rebalance
     * of the pool's own start is not taken for one the fuzzing caused; the counter then, if readable.
     */
    private Optional<Map<String, Long>> awaitQuiet(ConsumerLag lag, PoolMetrics metrics) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Optional<Map<String, Long>> last = metrics.partitions();
        while (System.nanoTime() < end) {
            sleep(Duration.ofSeconds(2));
            Optional<Map<String, Long>> now = metrics.partitions();
            if (now.equals(last) && ConsumerLag.total(lag.now()) == 0) {
                return now;
            }
            last = now;
        }
        progress.println("fuzz: the pool did not settle within a minute before the run; going on");
        return last;
    }

    static byte[] validJob(String id, String model) {
        return ("{\"schema_version\":1,\"correlation_id\":\"" + id + "\",\"tenant\":\"fuzz\",\"body\":"
                + new ChatBodies(model).plain("a valid job after the fuzzing, " + id) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
