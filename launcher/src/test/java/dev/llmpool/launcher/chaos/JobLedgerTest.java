package dev.llmpool.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class JobLedgerTest {

    private static ConsumerRecord<String, byte[]> record(String topic, String key, String value, long time) {
        return new ConsumerRecord<>(topic, 0, 0, time, TimestampType.CREATE_TIME, 0, 0, key,
                value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), java.util.Optional.empty());
    }

    @Test
    void countsLostJobsDuplicateResultsAndTheFirstResultAfterAKill() {
        JobLedger ledger = new JobLedger();
        ledger.accept(record("llm.requests", "a", "{}", 100));
        ledger.accept(record("llm.requests", "b", "{}", 110));
        ledger.accept(record("llm.requests", "c", "{}", 120));
        ledger.accept(record("llm.requests", "a", "{}", 130)); // published again: still one job
        ledger.accept(record("llm.results", "a", "{\"status\":\"completed\"}", 500));
        ledger.accept(record("llm.results", "b", "{\"status\":\"failed\"}", 700));
        ledger.accept(record("llm.results", "a", "{\"status\":\"completed\"}", 900));

        assertThat(ledger.sent()).containsOnlyKeys("a", "b", "c");
        assertThat(ledger.open()).containsExactly("c");
        assertThat(ledger.duplicates()).containsExactly("a");
        assertThat(ledger.withStatus("completed")).isEqualTo(1);
        assertThat(ledger.firstResultAfter(600)).hasValue(700);
        assertThat(ledger.firstResultAfter(1000)).isEmpty();
        assertThat(ledger.firstResultOfJobSentAfter(105)).hasValue(700);
        assertThat(ledger.firstResultOfJobSentAfter(115)).isEmpty();
        assertThat(ledger.resultsPer(300)).containsExactly(0L, 1L, 2L); // at 400, 600 and 800 ms after the first job
        assertThat(Kill.parse("1700000000123 llmpool up (pid 4)")).isEqualTo(new Kill(1700000000123L,
                "llmpool up (pid 4)"));
    }
}
