package dev.llmpool.launcher.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a fuzz run sent, what came of it, and every broken invariant. Filled by the run from many threads; read once
 * it is over.
 */
public final class FuzzReport {

    /** How many broken invariants are listed one by one; all are counted. */
    static final int SHOWN = 40;

    /** The answers to one kind of HTTP request. */
    static final class HttpRow {
        long sent;
        long openAi;
        long notOpenAi;
        long violations;
        long maxMillis;
        final Map<String, Long> statuses = new TreeMap<>();
    }

    /** What followed one kind of record. */
    static final class RecordRow {
        long sent;
        long deadLettered;
        long outcomeDeadLettered;
        long results;
        long refused;
        long missing;
    }

    private final FuzzSettings settings;
    private final String nonce;
    private final Map<String, HttpRow> http = new TreeMap<>();
    private final Map<String, RecordRow> records = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private long violationCount;
    private Map<String, Long> deadLetters = Map.of();
    private Map<String, Long> lag = Map.of();
    private Optional<Map<String, Long>> partitionsBefore = Optional.empty();
    private Optional<Map<String, Long>> partitionsAfter = Optional.empty();
    private OptionalLong redisBefore = OptionalLong.empty();
    private OptionalLong redisAfter = OptionalLong.empty();
    private long validKafkaSent;
    private long validKafkaCompleted;
    private long validHttpSent;
    private long validHttpAnswered;
    private long httpMillis;
    private long recordMillis;
    private long settleMillis;

    FuzzReport(FuzzSettings settings, String nonce) {
        this.settings = settings;
        this.nonce = nonce;
    }

    synchronized void http(HttpProbe probe, HttpAnswer answer, String violation) {
        HttpRow row = http.computeIfAbsent(probe.kind(), k -> new HttpRow());
        row.sent++;
        row.maxMillis = Math.max(row.maxMillis, answer.millis());
        row.statuses.merge(answer.status() < 0 ? "none" : Integer.toString(answer.status()), 1L, Long::sum);
        if (answer.status() >= 300) {
            if (HttpVerdict.openAiShape(answer)) {
                row.openAi++;
            } else {
                row.notOpenAi++;
            }
        }
        if (violation != null) {
            row.violations++;
            violation("HTTP " + probe.kind() + ": " + probe.method() + " " + shorten(probe.target())
                    + describe(probe) + " -> " + violation);
        }
    }

    /** @param value the start of the record's value, for the list of broken invariants */
    synchronized void record(RecordProbe probe, String value, Coordinates at, String refused, String deadLetter,
                             String outcomeDeadLetter, String result) {
        RecordRow row = records.computeIfAbsent(probe.kind(), k -> new RecordRow());
        row.sent++;
        if (refused != null) {
            row.refused++;
            return;
        }
        if (deadLetter != null) {
            row.deadLettered++;
        } else if (outcomeDeadLetter != null && probe.expect() == RecordProbe.Expect.DEAD_LETTER_OR_OUTCOME_DEAD_LETTER) {
            row.outcomeDeadLettered++;
        } else if (result != null && probe.expect() == RecordProbe.Expect.DEAD_LETTER_OR_RESULT) {
            row.results++;
        } else {
            row.missing++;
            violation("record " + probe.kind() + " at " + at + " (key " + probe.key() + ", value " + value + "): no "
                    + switch (probe.expect()) {
                        case DEAD_LETTER -> "dead letter";
                        case DEAD_LETTER_OR_RESULT -> "dead letter and no result";
                        case DEAD_LETTER_OR_OUTCOME_DEAD_LETTER -> "dead letter of it or of its outcome";
                    });
        }
    }

    synchronized void violation(String text) {
        violationCount++;
        if (violations.size() < SHOWN) {
            violations.add(text);
        }
    }

    synchronized void validJobs(long kafkaSent, long kafkaCompleted, long httpSent, long httpAnswered) {
        validKafkaSent = kafkaSent;
        validKafkaCompleted = kafkaCompleted;
        validHttpSent = httpSent;
        validHttpAnswered = httpAnswered;
    }

    synchronized void pool(Map<String, Long> deadLettersByReason, Map<String, Long> lagLeft,
                           Optional<Map<String, Long>> before, Optional<Map<String, Long>> after) {
        this.deadLetters = Collections.unmodifiableMap(new TreeMap<>(deadLettersByReason));
        this.lag = Collections.unmodifiableMap(new TreeMap<>(lagLeft));
        this.partitionsBefore = before;
        this.partitionsAfter = after;
    }

    synchronized void redis(OptionalLong before, OptionalLong after) {
        redisBefore = before;
        redisAfter = after;
    }

    synchronized void times(long httpMs, long recordMs, long settleMs) {
        httpMillis = httpMs;
        recordMillis = recordMs;
        settleMillis = settleMs;
    }

    public synchronized boolean passed() {
        return violationCount == 0;
    }

    public synchronized long violationCount() {
        return violationCount;
    }

    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** HTTP requests sent, all kinds. */
    public synchronized long httpSent() {
        return http.values().stream().mapToLong(r -> r.sent).sum();
    }

    /** Records sent, all kinds. */
    public synchronized long recordsSent() {
        return records.values().stream().mapToLong(r -> r.sent).sum();
    }

    /** The kinds of HTTP request sent. */
    public synchronized Set<String> httpKinds() {
        return Set.copyOf(http.keySet());
    }

    /** The kinds of record sent. */
    public synchronized Set<String> recordKinds() {
        return Set.copyOf(records.keySet());
    }

    /** Dead letters written during the run, by {@code <topic> <reason>}. */
    public synchronized Map<String, Long> deadLetters() {
        return deadLetters;
    }

    public synchronized String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("llmpool fuzz: seed %d (run %s), %d HTTP requests, %d records, gateway %s, kafka %s%n",
                settings.seed(), nonce, httpSent(), recordsSent(), settings.gateway(), settings.bootstrap()));
        sb.append(String.format("  times: HTTP %.1f s, records %.1f s, settling %.1f s%n%n", httpMillis / 1000.0,
                recordMillis / 1000.0, settleMillis / 1000.0));
        sb.append(String.format("%-26s %6s %6s %6s %5s %7s  %s%n", "HTTP KIND", "SENT", "OPENAI", "OTHER", "BAD",
                "MAX-S", "ANSWERS (status x count)"));
        http.forEach((kind, row) -> sb.append(String.format("%-26s %6d %6d %6d %5d %7.1f  %s%n", kind, row.sent,
                row.openAi, row.notOpenAi, row.violations, row.maxMillis / 1000.0, statuses(row.statuses))));
        sb.append(String.format("  (OPENAI/OTHER: answers >= 300 in the OpenAI error shape or not; BAD: broken "
                + "invariants; MAX-S: the slowest answer, seconds)%n%n"));
        sb.append(String.format("%-44s %6s %6s %8s %7s %7s %7s%n", "RECORD KIND", "SENT", "DLT", "OUT-DLT",
                "RESULT", "REFUSED", "MISSING"));
        records.forEach((kind, row) -> sb.append(String.format("%-44s %6d %6d %8d %7d %7d %7d%n", kind, row.sent,
                row.deadLettered, row.outcomeDeadLettered, row.results, row.refused, row.missing)));
        sb.append(String.format("  (DLT: a dead letter of the record; OUT-DLT: of the outcome a worker wrote for it; "
                + "RESULT: a job result; REFUSED: by the broker)%n%n"));
        sb.append("Dead letters written during the run, by topic and reason:\n");
        deadLetters.forEach((reason, n) -> sb.append(String.format("  %-60s %6d%n", reason, n)));
        sb.append(String.format("%nValid jobs afterwards: Kafka %d/%d completed; HTTP %d/%d answered 200%n",
                validKafkaCompleted, validKafkaSent, validHttpAnswered, validHttpSent));
        sb.append("Consumer lag left: ").append(ConsumerLag.total(lag)).append(lag.isEmpty() ? "" : " " + lag)
                .append('\n');
        sb.append("Router partitions (assigned/revoked/lost): ")
                .append(partitionsBefore.map(Object::toString).orElse("unreadable")).append(" before, ")
                .append(partitionsAfter.map(Object::toString).orElse("unreadable")).append(" after\n");
        if (redisBefore.isPresent() || redisAfter.isPresent()) {
            sb.append(String.format("Redis used_memory: %s before, %s after%n", mib(redisBefore), mib(redisAfter)));
        }
        sb.append('\n');
        if (violationCount == 0) {
            sb.append("PASSED: every invariant held\n");
        } else {
            sb.append("FAILED: ").append(violationCount).append(" broken invariants")
                    .append(violationCount > violations.size() ? " (first " + violations.size() + " shown)" : "")
                    .append('\n');
            violations.forEach(v -> sb.append("  ").append(v).append('\n'));
        }
        return sb.toString();
    }

    private static String statuses(Map<String, Long> statuses) {
        StringBuilder sb = new StringBuilder();
        statuses.forEach((status, n) -> sb.append(sb.isEmpty() ? "" : " ").append(status).append('x').append(n));
        return sb.toString();
    }

    private static String mib(OptionalLong bytes) {
        return bytes.isPresent() ? String.format("%.1f MiB", bytes.getAsLong() / 1048576.0) : "unknown";
    }

    /** The probe's headers and the start of its body, in a few words. */
    static String describe(HttpProbe probe) {
        String headers = probe.headers().isEmpty() ? "" : " " + shorten(String.join(" | ", probe.headers()));
        String body = probe.body() instanceof HttpBody.Fixed fixed
                ? " body " + shorten(new String(fixed.bytes(), StandardCharsets.UTF_8)) : "";
        return headers + body;
    }

    static String shorten(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 160 ? printable : printable.substring(0, 90) + "...(" + text.length()
                + " chars)..." + printable.substring(printable.length() - 50);
    }
}
