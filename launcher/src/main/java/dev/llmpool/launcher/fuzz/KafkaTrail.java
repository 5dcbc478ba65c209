package dev.llmpool.launcher.fuzz;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What the pool wrote during the run: dead letters (by the record they name, by the job whose outcome they hold, and
 * counted by topic and reason) and results (by job). Fed from {@link TopicReader}.
 */
final class KafkaTrail {

    static final String ATTEMPTS_DLT = Topics.deadLetter(Topics.ATTEMPTS);

    private final JsonCodec json = new JsonCodec();
    private final Map<String, String> deadByRecord = new ConcurrentHashMap<>();
    private final Map<String, String> outcomeDeadByJob = new ConcurrentHashMap<>();
    private final Map<String, Long> deadByReason = new ConcurrentHashMap<>();
    private final Map<String, String> resultByJob = new ConcurrentHashMap<>();

    void accept(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(Topics.RESULTS)) {
            if (record.key() != null) {
                resultByJob.put(record.key(), status(record.value()));
            }
            return;
        }
        String reason = header(record, Headers.DLT_REASON);
        String shown = reason == null || reason.isBlank() ? "(no reason)" : reason;
        deadByReason.merge(record.topic() + " " + shown, 1L, Long::sum);
        String topic = header(record, Headers.DLT_ORIGINAL_TOPIC);
        String partition = header(record, Headers.DLT_ORIGINAL_PARTITION);
        String offset = header(record, Headers.DLT_ORIGINAL_OFFSET);
        if (topic != null && partition != null && offset != null) {
            deadByRecord.put(topic + ":" + partition + ":" + offset, shown);
        }
        if (record.topic().equals(ATTEMPTS_DLT)) {
            String job = record.key() != null ? record.key() : header(record, Headers.CORRELATION_ID);
            if (job != null) {
                outcomeDeadByJob.put(job, shown);
            }
        }
    }

    /** The reason of the dead letter naming this record, or null. */
    String deadLetterOf(Coordinates at) {
        return deadByRecord.get(at.toString());
    }

    /** The reason of a dead letter of an outcome of this job on {@code llm.attempts.dlt}, or null. */
    String outcomeDeadLetterOf(String job) {
        return job == null ? null : outcomeDeadByJob.get(job);
    }

    /** The status of this job's result on {@code llm.results}, or null. */
    String resultOf(String job) {
        return job == null ? null : resultByJob.get(job);
    }

    /** Dead letters written during the run, by {@code <dead-letter topic> <reason>}. */
    Map<String, Long> deadLettersByReason() {
        return new TreeMap<>(deadByReason);
    }

    private String status(byte[] value) {
        try {
            return json.readTree(value).path("status").asString("unreadable");
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
