package dev.llmpool.router.kafka;

import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.router.engine.RouterEngine;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.names.Headers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;

/** {@code llm.attempts}: each attempt outcome goes to the engine, then the record is acknowledged. */
public class OutcomeListener implements AcknowledgingMessageListener<String, byte[]> {

    private final EnvelopeRecords records;
    private final RouterEngine engine;

    public OutcomeListener(EnvelopeRecords records, RouterEngine engine) {
        this.records = records;
        this.engine = engine;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
        records.read(record, Envelope.ATTEMPT_OUTCOME, AttemptOutcome.class).ifPresent(outcome ->
                engine.onOutcome(outcome, KafkaHeaders.get(record.headers(), Headers.TRACEPARENT)));
        ack.acknowledge();
    }
}
