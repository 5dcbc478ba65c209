package dev.llmpool.workers.kafka;

import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.kafka.QueueWaitMeter;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.security.SignatureCheck;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.SchemaViolation;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.workers.attempt.AttemptClaims;
import dev.llmpool.workers.attempt.AttemptExecutor;
import dev.llmpool.workers.attempt.OutcomePublisher;
import dev.llmpool.workers.lease.AttemptLeases;
import dev.llmpool.workers.lease.Lease;
import dev.llmpool.workers.lease.LeasedRecord;
import dev.llmpool.workers.metrics.WorkerMetrics;
import dev.llmpool.workers.provider.ProviderAdapter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AcknowledgingShareConsumerAwareMessageListener;
import org.springframework.kafka.support.ShareAcknowledgment;

/**
 * The thin listener of one provider's share group: read the attempt, take it under a lease, acknowledge the record,
 * hand the attempt to the executor. A record that is not a valid attempt for this provider goes to
 * {@code llm.provider.<p>.dlt} with the reason and is rejected.
 *
 * <p>Why a lease rather than holding the record until the attempt ends: a Kafka share consumer with explicit
 * acknowledgement cannot poll again until every record of its last poll is settled, so a consumer holding calls of
 * seconds fetches nothing meanwhile, and the records of its partitions wait in the topic for the slowest call of a
 * batch. With the lease in Redis the record is acknowledged within a round trip and the consumer polls on; the lease
 * keeps the attempt as safe as the record lock did (see {@code dev.llmpool.workers.lease}).
 * Attempts are written by the router (and published again by the workers' lease reapers): a record without the pool's
 * signature is dead-lettered ({@code unsigned-record}, {@code bad-signature}) before it is read, so the provider is
 * never called for it. A signed one is read as a trusted envelope (bound, required fields checked, the full schema
 * only for a record that fails that). Runs on the consumer's thread; never blocks on a provider.
 */
public final class ProviderRecordListener implements AcknowledgingShareConsumerAwareMessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ProviderRecordListener.class);

    private final ProviderAdapter adapter;
    private final EnvelopeReader reader;
    private final DeadLetterPublisher deadLetters;
    private final AttemptLeases leases;
    private final AttemptExecutor executor;
    private final WorkerMetrics metrics;
    private final QueueWaitMeter queueWait;
    private final RecordSigner signer;
    private final Runnable settled;
    private volatile boolean draining;

    /**
     * @param settled told once for each record it took when the record's work is over (its attempt settled, or the
     *                record dead-lettered or released), so its lane can count what it holds
     */
    public ProviderRecordListener(ProviderAdapter adapter, RecordSigner signer, EnvelopeReader reader,
                                  DeadLetterPublisher deadLetters, AttemptLeases leases, AttemptExecutor executor,
                                  WorkerMetrics metrics, QueueWaitMeter queueWait, Runnable settled) {
        this.settled = settled;
        this.adapter = adapter;
        this.signer = signer;
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.leases = leases;
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

    /** Takes records again after {@link #drain()}: the workers started again after a stop. */
    public void resume() {
        draining = false;
    }

    @Override
    public void onShareRecord(ConsumerRecord<String, byte[]> record, ShareAcknowledgment ack,
                              ShareConsumer<?, ?> consumer) {
        if (draining) {
            return;
        }
        try {
            int deliveries = record.deliveryCount().map(Short::intValue).orElse(1);
            if (deliveries == 1) {
                queueWait.taken(record);
            } else {
                log.info("{} redelivered (delivery #{})", RecordKey.of(record), deliveries);
                metrics.redelivered(adapter.provider());
            }
            AttemptRequest request = read(record, ack, deliveries);
            if (request != null) {
                lease(record, request, ack);
            } else {
                settled.run();
            }
        } catch (RuntimeException e) {
            log.error("{} could not be handed over; releasing it", RecordKey.of(record), e);
            settle(ack, ShareAcknowledgment::release);
            settled.run();
        }
    }

    /**
     * Takes the attempt under a lease and, once Redis has the lease, acknowledges the record (the consumer is free to
     * fetch again at once) and starts the attempt. Without a lease the record is released and comes back.
     */
    private void lease(ConsumerRecord<String, byte[]> record, AttemptRequest request, ShareAcknowledgment ack) {
        String recordId = RecordKey.of(record).toString();
        String leasedFrom = KafkaHeaders.get(record.headers(), Headers.LEASED_FROM);
        LeasedRecord leased = new LeasedRecord(record.key(), new String(record.value(), StandardCharsets.UTF_8),
                allHeaders(record), leasedFrom != null ? leasedFrom : recordId);
        Map<String, String> passThrough = OutcomePublisher.passThrough(
                name -> KafkaHeaders.get(record.headers(), name));
        CompletableFuture<Lease> written = leases.take(adapter.provider(), request.attemptId(), recordId, leased);
        // on the same connection right behind the lease: both answered in one round trip. Should the lease fail, the
        // record comes back with the same delivery id, which takes this claim over at once.
        CompletableFuture<AttemptClaims.Claim> claim = executor.claimAhead(request, leased.delivery());
        written.whenComplete((lease, error) -> {
            if (error != null) {
                log.warn("{}: attempt {} not leased ({}); releasing the record", recordId, request.attemptId(),
                        error.toString());
                settle(ack, ShareAcknowledgment::release);
                settled.run();
                return;
            }
            settle(ack, ShareAcknowledgment::acknowledge);
            executor.submit(request, adapter, passThrough, new Tracked(lease, settled), claim);
        });
    }

    /** The lease, telling the lane once when the attempt settles it. */
    private record Tracked(Lease lease, Runnable onSettled) implements AttemptExecutor.SettlingAck {

        @Override
        public void acknowledge() {
            boolean first = !lease.settled();
            lease.acknowledge();
            if (first) {
                onSettled.run();
            }
        }

        @Override
        public void release() {
            boolean first = !lease.settled();
            lease.release();
            if (first) {
                onSettled.run();
            }
        }

        @Override
        public boolean settled() {
            return lease.settled();
        }

        @Override
        public String deliveryId() {
            return lease.deliveryId();
        }
    }

    private static void settle(ShareAcknowledgment ack, Consumer<ShareAcknowledgment> how) {
        try {
            how.accept(ack);
        } catch (IllegalStateException settled) {
            log.debug("Record already settled: {}", settled.getMessage());
        }
    }

    /**
     * The attempt, when the record is one the pool signed and a valid attempt for this provider; otherwise null, the
     * record dead-lettered (released when even that failed). A record the pool did not sign is refused before it is
     * read.
     */
    private AttemptRequest read(ConsumerRecord<String, byte[]> record, ShareAcknowledgment ack, int deliveries) {
        String reason;
        String detail;
        SignatureCheck signature = signer.verify(record);
        if (!signature.valid()) {
            reason = signature.reason();
            detail = signature.detail(record.topic());
        } else {
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
        }
        log.warn("{} dead-lettered: {}: {}", RecordKey.of(record), reason, detail);
        try {
            deadLetters.publish(record, reason, detail, Map.of(Headers.DLT_ATTEMPTS, Integer.toString(deliveries)));
        } catch (RuntimeException e) {
            log.warn("{} could not be dead-lettered ({}); releasing it", RecordKey.of(record), e.getMessage());
            settle(ack, ShareAcknowledgment::release);
            return null;
        }
        metrics.deadLettered(adapter.provider(), reason);
        settle(ack, ShareAcknowledgment::reject);
        return null;
    }

    private static Map<String, String> allHeaders(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

}
