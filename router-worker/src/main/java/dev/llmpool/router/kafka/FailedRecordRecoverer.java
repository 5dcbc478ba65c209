package dev.llmpool.router.kafka;

import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.router.engine.AbandonedJobs;
import dev.llmpool.schemas.names.Topics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * The last word on a record the router gives up on ({@link RecordFailure} names why): when its handling failed for
 * good, the job it belongs to ends as failed first ({@link AbandonedJobs}: with its own dead letter, unless the record
 * is the job's request), then the record goes to {@code <topic>.dlt} with the reason. Nothing is dropped silently, no
 * job is left without an end, and the partition moves on. A failure here escapes, and the poll is delivered again.
 */
public class FailedRecordRecoverer implements ConsumerRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(FailedRecordRecoverer.class);

    private final DeadLetterPublisher deadLetters;
    private final AbandonedJobs jobs;

    public FailedRecordRecoverer(DeadLetterPublisher deadLetters, AbandonedJobs jobs) {
        this.deadLetters = deadLetters;
        this.jobs = jobs;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        RecordFailure failure = RecordFailure.of(exception);
        if (failure.job() == null) {
            log.warn("Dead-lettering {}-{}@{} (key {}), {}: {}", record.topic(), record.partition(), record.offset(),
                    record.key(), failure.reason(), failure.detail());
        } else {
            log.error("Giving up on {}-{}@{} (key {}), {}; its job fails: {}", record.topic(), record.partition(),
                    record.offset(), record.key(), failure.reason(), failure.detail());
            jobs.fail(failure.job(), failure.reason(), failure.detail(), !Topics.REQUESTS.equals(record.topic()));
        }
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, byte[]> bytes = (ConsumerRecord<String, byte[]>) record;
        deadLetters.publish(bytes, failure.reason(), failure.detail(), Map.of());
    }
}
