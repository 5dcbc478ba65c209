package dev.llmpool.core.kafka;

import dev.llmpool.core.secrets.SecretMask;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes a record that cannot be processed to {@code <topic>.dlt}, unchanged, with headers naming the
 * reason and where it came from. The send is waited for: the caller acknowledges the original only after.
 * Header values pass through {@link SecretMask}: a provider message that echoed a key never reaches the topic.
 */
public class DeadLetterPublisher {

    /** Longest detail header kept, in characters, counted after masking. */
    private static final int MAX_DETAIL_LENGTH = 2000;

    private final KafkaTemplate<String, byte[]> kafka;

    public DeadLetterPublisher(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    public void publish(ConsumerRecord<String, byte[]> record, String reason, String detail,
                        Map<String, String> extraHeaders) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.deadLetter(record.topic()), record.key(),
                record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith("llmpool-dlt-")) {
                out.headers().add(header);
            }
        }
        header(out, Headers.DLT_REASON, reason);
        header(out, Headers.DLT_DETAIL, SecretMask.maskAndCut(detail, MAX_DETAIL_LENGTH));
        header(out, Headers.DLT_ORIGINAL_TOPIC, record.topic());
        header(out, Headers.DLT_ORIGINAL_PARTITION, Integer.toString(record.partition()));
        header(out, Headers.DLT_ORIGINAL_OFFSET, Long.toString(record.offset()));
        extraHeaders.forEach((k, v) -> header(out, k, v));
        send(out);
    }

    /** Dead-letters a value that did not come from a consumed record (a job that exhausted its options). */
    public void publish(String topic, String key, byte[] value, String reason, String detail,
                        Map<String, String> extraHeaders) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.deadLetter(topic), key, value);
        header(out, Headers.DLT_REASON, reason);
        header(out, Headers.DLT_DETAIL, SecretMask.maskAndCut(detail, MAX_DETAIL_LENGTH));
        header(out, Headers.DLT_ORIGINAL_TOPIC, topic);
        if (key != null) {
            header(out, Headers.CORRELATION_ID, key);
        }
        extraHeaders.forEach((k, v) -> header(out, k, v));
        send(out);
    }

    private void send(ProducerRecord<String, byte[]> out) {
        try {
            kafka.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dead-lettering to " + out.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not dead-letter to " + out.topic(), e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
        if (value != null) {
            record.headers().remove(key);
            record.headers().add(key, SecretMask.mask(value).getBytes(StandardCharsets.UTF_8));
        }
    }
}
