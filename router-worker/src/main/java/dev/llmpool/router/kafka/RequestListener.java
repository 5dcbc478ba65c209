package dev.llmpool.router.kafka;

import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.tracing.Traces;
import dev.llmpool.router.engine.RouterEngine;
import dev.llmpool.router.machine.RecordOrigin;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.names.Headers;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

/**
 * {@code llm.requests}: each job, checked against its schema (any producer may publish here), goes to the engine.
 * The offset is committed once the record's poll is handled (see {@link KeyedBatchListener}).
 */
public class RequestListener implements MessageListener<String, byte[]> {

    private final EnvelopeRecords records;
    private final RouterEngine engine;
    private final Traces traces;

    public RequestListener(EnvelopeRecords records, RouterEngine engine) {
        this(records, engine, Traces.NONE);
    }

    /** @param traces the router's span of each job (its attempts' parent), child of the record's trace context */
    public RequestListener(EnvelopeRecords records, RouterEngine engine, Traces traces) {
        this.records = records;
        this.engine = engine;
        this.traces = traces;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        records.read(record, Envelope.JOB_REQUEST, JobRequest.class).ifPresent(request -> {
            String parent = KafkaHeaders.get(record.headers(), Headers.TRACEPARENT);
            try (Traces.Hop hop = traces.start("llmpool.router.job", parent).tag("llmpool.job",
                    request.correlationId())) {
                engine.onRequest(request, new String(record.value(), StandardCharsets.UTF_8), hop.traceparent(),
                        new RecordOrigin(record.topic(), record.partition(), record.offset()));
            }
        });
    }
}
