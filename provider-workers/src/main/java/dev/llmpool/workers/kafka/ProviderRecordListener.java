package dev.llmpool.workers.kafka;

import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.kafka.QueueWaitMeter;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.SchemaViolation;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.workers.attempt.AttemptExecutor;
import dev.llmpool.workers.metrics.WorkerMetrics;
import dev.llmpool.workers.provider.ProviderAdapter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AcknowledgingShareConsumerAwareMessageListener;
import org.springframework.kafka.support.ShareAcknowledgment;

/**
 * The thin listener of one provider's share group: read the attempt, hand it to the executor, return. A record that
 * is not a valid attempt for this provider goes to {@code llm.provider.<p>.dlt} with the reason and is rejected.
 * Attempts are written by the router, so they are read as trusted envelopes (bound, required fields checked, the
 * full schema only for a record that fails that). Runs on the consumer's thread; never blocks on a provider.
 */
public final class ProviderRecordListener implements AcknowledgingShareConsumerAwareMessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ProviderRecordListener.class);

    /** Headers of an attempt's record that its outcome carries on. */
    private static final List<String> PASS_THROUGH = List.of(Headers.TRACEPARENT, Headers.DEADLINE);

    private final ProviderAdapter adapter;
    private final EnvelopeReader reader;
    private final DeadLetterPublisher deadLetters;
    private final InFlightRecords inFlight;
    private final AttemptExecutor executor;
    private final WorkerMetrics metrics;
    private final QueueWaitMeter queueWait;
    private volatile boolean draining;

    public ProviderRecordListener(ProviderAdapter adapter, EnvelopeReader reader, DeadLetterPublisher deadLetters,
                                  InFlightRecords inFlight, AttemptExecutor executor, WorkerMetrics metrics,
                                  QueueWaitMeter queueWait) {
        this.adapter = adapter;
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.inFlight = inFlight;
        this.executor = executor;
        this.metrics = metrics;
        this.queueWait = queueWait;
    }

    /**
     * Stops taking new records: they stay unacknowledged, which keeps this consumer from fetching more, and return
     * to the group when the consumer closes. Releasing them instead would let the broker hand them straight back
     * and spend their delivery count.
     */
    public void drain() {
        draining = true;
    }

    @Override
    public void onShareRecord(ConsumerRecord<String, byte[]> record, ShareAcknowledgment ack,
                              ShareConsumer<?, ?> consumer) {
        if (draining) {
            inFlight.adoptIfHeld(record, ack);
            return;
        }
        InFlightRecord tracked = inFlight.track(record, ack);
        if (tracked == null) {
            log.trace("{} returned after a lock renewal; its attempt is still running", RecordKey.of(record));
            return;
        }
        try {
            int deliveries = record.deliveryCount().map(Short::intValue).orElse(1);
            if (deliveries == 1) {
                queueWait.taken(record);
            }
            AttemptRequest request = read(record, tracked, deliveries);
            if (request != null) {
                executor.submit(request, adapter, passThrough(record), tracked);
            }
        } catch (RuntimeException e) {
            log.error("{} could not be handed over; releasing it", RecordKey.of(record), e);
            tracked.release();
        }
    }

    private AttemptRequest read(ConsumerRecord<String, byte[]> record, InFlightRecord tracked, int deliveries) {
        String reason;
        String detail;
        try {
            AttemptRequest request = reader.readTrusted(record.value() == null ? new byte[0] : record.value(),
                    Envelope.ATTEMPT_REQUEST, AttemptRequest.class);
            if (adapter.provider().equals(request.provider())) {
                return request;
            }
            reason = "wrong-provider";
            detail = "attempt " + request.attemptId() + " is for provider '" + request.provider()
                    + "' but arrived on the topic of '" + adapter.provider() + "'";
        } catch (SchemaViolation e) {
            reason = e.reason().header();
            detail = String.join("; ", e.problems());
        }
        log.warn("{} dead-lettered: {}: {}", RecordKey.of(record), reason, detail);
        try {
            deadLetters.publish(record, reason, detail, Map.of(Headers.DLT_ATTEMPTS, Integer.toString(deliveries)));
        } catch (RuntimeException e) {
            log.warn("{} could not be dead-lettered ({}); releasing it", RecordKey.of(record), e.getMessage());
            tracked.release();
            return null;
        }
        metrics.deadLettered(adapter.provider(), reason);
        tracked.reject();
        return null;
    }

    private static Map<String, String> passThrough(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PASS_THROUGH) {
            String value = KafkaHeaders.get(record.headers(), name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }
}
