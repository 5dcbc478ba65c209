package dev.llmpool.launcher.chaos;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Every job published to {@code llm.requests} (by key, first publish time) and every result on {@code llm.results}
 * (by job: status and the time the result was published). Not thread-safe: fed by one reader.
 */
final class JobLedger {

    /** One result record. */
    record Result(String status, long epochMillis) {
    }

    private final JsonCodec json = new JsonCodec();
    private final Map<String, Long> sent = new LinkedHashMap<>();
    private final Map<String, List<Result>> results = new LinkedHashMap<>();

    void accept(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.topic().equals(Topics.REQUESTS)) {
            sent.putIfAbsent(record.key(), record.timestamp());
        } else if (record.topic().equals(Topics.RESULTS)) {
            results.computeIfAbsent(record.key(), k -> new ArrayList<>())
                    .add(new Result(status(record.value()), record.timestamp()));
        }
    }

    private String status(byte[] value) {
        try {
            return json.readTree(value).path("status").asString("unreadable");
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }

    Map<String, Long> sent() {
        return sent;
    }

    List<Result> resultsOf(String job) {
        return results.getOrDefault(job, List.of());
    }

    /** Jobs sent without a result yet. */
    List<String> open() {
        return sent.keySet().stream().filter(job -> !results.containsKey(job)).toList();
    }

    /** Jobs with more than one result record. */
    List<String> duplicates() {
        return results.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    /** The first result published at or after {@code epochMillis}, if any. */
    OptionalLong firstResultAfter(long epochMillis) {
        return results.values().stream().flatMap(List::stream).mapToLong(Result::epochMillis)
                .filter(t -> t >= epochMillis).min();
    }

    /** The first result of a job published at or after {@code epochMillis} (one that needed the pool after it). */
    OptionalLong firstResultOfJobSentAfter(long epochMillis) {
        return sent.entrySet().stream().filter(e -> e.getValue() >= epochMillis)
                .flatMap(e -> resultsOf(e.getKey()).stream()).mapToLong(Result::epochMillis).min();
    }

    /**
     * Results published in each {@code width} since the first job was published, one count per window up to the
     * last result: where the pool stood still.
     */
    List<Long> resultsPer(long widthMillis) {
        long start = sent.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long[] all = results.values().stream().flatMap(List::stream).mapToLong(Result::epochMillis).sorted().toArray();
        if (all.length == 0) {
            return List.of();
        }
        long[] counts = new long[(int) ((all[all.length - 1] - start) / widthMillis) + 1];
        for (long t : all) {
            counts[(int) (Math.max(0, t - start) / widthMillis)]++;
        }
        return java.util.Arrays.stream(counts).boxed().toList();
    }

    /** When the first job was published. */
    OptionalLong firstSent() {
        return sent.values().stream().mapToLong(Long::longValue).min();
    }

    long withStatus(String status) {
        return sent.keySet().stream().filter(job -> resultsOf(job).stream().anyMatch(r -> r.status().equals(status)))
                .count();
    }
}
