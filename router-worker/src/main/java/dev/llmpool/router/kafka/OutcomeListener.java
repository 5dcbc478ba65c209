package dev.llmpool.router.kafka;

import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.router.engine.RouterEngine;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.names.Headers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

/**
 * {@code llm.attempts}: each attempt outcome the pool signed (written by its workers, so then read as a trusted
 * envelope) goes to the engine; one it did not sign is dead-lettered before anything else. The offset is committed
 * once the record's poll is handled (see {@link KeyedBatchListener}).
 */
public class OutcomeListener implements MessageListener<String, byte[]> {

    private final EnvelopeRecords records;
    private final RouterEngine engine;

    public OutcomeListener(EnvelopeRecords records, RouterEngine engine) {
        this.records = records;
        this.engine = engine;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        records.readSigned(record, Envelope.ATTEMPT_OUTCOME, AttemptOutcome.class).ifPresent(outcome ->
                engine.onOutcome(outcome, KafkaHeaders.get(record.headers(), Headers.TRACEPARENT)));
    }
}
