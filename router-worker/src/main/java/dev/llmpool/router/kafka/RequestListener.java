package dev.llmpool.router.kafka;

import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.router.engine.RouterEngine;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.names.Headers;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;

/** {@code llm.requests}: each job goes to the engine, then the record is acknowledged. */
public class RequestListener implements AcknowledgingMessageListener<String, byte[]> {

    private final EnvelopeRecords records;
    private final RouterEngine engine;

    public RequestListener(EnvelopeRecords records, RouterEngine engine) {
        this.records = records;
        this.engine = engine;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
        records.read(record, Envelope.JOB_REQUEST, JobRequest.class).ifPresent(request -> engine.onRequest(request,
                new String(record.value(), StandardCharsets.UTF_8),
                KafkaHeaders.get(record.headers(), Headers.TRACEPARENT)));
        ack.acknowledge();
    }
}
