package dev.llmpool.router.kafka;

import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.tracing.Traces;
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
    private final Traces traces;

    public OutcomeListener(EnvelopeRecords records, RouterEngine engine) {
        this(records, engine, Traces.NONE);
    }

    /** @param traces the router's span of each outcome, child of the worker's */
    public OutcomeListener(EnvelopeRecords records, RouterEngine engine, Traces traces) {
        this.records = records;
        this.engine = engine;
        this.traces = traces;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        records.readSigned(record, Envelope.ATTEMPT_OUTCOME, AttemptOutcome.class).ifPresent(outcome -> {
            String parent = KafkaHeaders.get(record.headers(), Headers.TRACEPARENT);
            try (Traces.Hop hop = traces.start("llmpool.router.outcome", parent).tag("llmpool.job",
                    outcome.correlationId())) {
                engine.onOutcome(outcome, hop.traceparent());
            }
        });
    }
}
