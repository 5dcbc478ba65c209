package dev.llmpool.core.kafka;

import dev.llmpool.core.secrets.SecretMask;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The one writer of dead letters: publishes a record that cannot be processed to {@code <topic>.dlt} with headers
 * naming the reason and where it came from. The send is waited for: the caller acknowledges the original only after.
 * Header values pass through {@link SecretMask} (a provider message that echoed a key never reaches the topic) and
 * are cut to {@link #MAX_HEADER_BYTES}. A dead letter is always written: one too large for Kafka (a record that just
 * fit its own topic no longer fits with the dead letter's headers) goes out with its value cut to fit, marked
 * {@code llmpool-dlt-truncated: true} with {@code llmpool-dlt-original-size}, so its partition moves on.
 */
public class DeadLetterPublisher {

    /** The longest header value a dead letter carries; a longer one (a huge detail, an echoed body) is cut. */
    public static final int MAX_HEADER_BYTES = 2000;

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final String OWN_HEADERS = "llmpool-";
    private static final byte[] ELLIPSIS = "…".getBytes(StandardCharsets.UTF_8);
    /** The size of a value's length (and the record's) grows by at most this many bytes as the value grows. */
    private static final int LENGTH_SLACK = 16;
    /** Below this a topic that refuses the dead letter is not offered a smaller one. */
    private static final int MIN_RECORD_BYTES = 1024;

    private final KafkaTemplate<String, byte[]> kafka;
    private final int maxRecordBytes;

    /** @param maxRecordBytes the largest record the producer sends ({@code max.request.size}) */
    public DeadLetterPublisher(KafkaTemplate<String, byte[]> kafka, int maxRecordBytes) {
        this.kafka = kafka;
        this.maxRecordBytes = maxRecordBytes;
    }

    public void publish(ConsumerRecord<String, byte[]> record, String reason, String detail,
                        Map<String, String> extraHeaders) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.deadLetter(record.topic()), record.key(),
                record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith("llmpool-dlt-") && !header.key().equals(Headers.SIGNATURE)) {
                out.headers().add(header.key(), capped(header.value()));
            }
        }
        header(out, Headers.DLT_REASON, reason);
        header(out, Headers.DLT_DETAIL, detail);
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
        header(out, Headers.DLT_DETAIL, detail);
        header(out, Headers.DLT_ORIGINAL_TOPIC, topic);
        if (key != null) {
            header(out, Headers.CORRELATION_ID, key);
        }
        extraHeaders.forEach((k, v) -> header(out, k, v));
        send(out);
    }

    /** Sends the dead letter cut to the producer's limit; a topic that takes less is offered ever smaller cuts. */
    private void send(ProducerRecord<String, byte[]> whole) {
        int limit = maxRecordBytes;
        while (true) {
            ProducerRecord<String, byte[]> out = fitted(whole, limit);
            try {
                await(out);
                return;
            } catch (RecordTooLargeException tooLarge) {
                if (limit <= MIN_RECORD_BYTES) {
                    throw new IllegalStateException("Could not dead-letter to " + out.topic() + " even cut to "
                            + limit + " bytes", tooLarge);
                }
                limit = Math.max(MIN_RECORD_BYTES, Math.min(limit, size(out)) / 2);
                log.warn("{} refused a dead letter as too large ({}); offering it cut to {} bytes", out.topic(),
                        tooLarge.getMessage(), limit);
            }
        }
    }

    /** Sends and waits; a record too large, refused at once by the producer or later by the broker, is thrown as such. */
    private void await(ProducerRecord<String, byte[]> out) {
        try {
            kafka.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dead-lettering to " + out.topic(), e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RecordTooLargeException tooLarge) {
                    throw tooLarge;
                }
            }
            throw new IllegalStateException("Could not dead-letter to " + out.topic(), e);
        }
    }

    /**
     * The record itself when it fits {@code limit} bytes; otherwise its value cut to fit, with the truncation headers
     * (and without the original record's own headers, when even those leave no room).
     */
    private static ProducerRecord<String, byte[]> fitted(ProducerRecord<String, byte[]> whole, int limit) {
        if (size(whole) <= limit) {
            return whole;
        }
        byte[] value = whole.value() == null ? new byte[0] : whole.value();
        RecordHeaders headers = new RecordHeaders(whole.headers().toArray());
        headers.remove(Headers.DLT_TRUNCATED);
        headers.remove(Headers.DLT_ORIGINAL_SIZE);
        headers.add(Headers.DLT_TRUNCATED, "true".getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DLT_ORIGINAL_SIZE, Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
        int room = limit - size(whole.key(), new byte[0], headers.toArray()) - LENGTH_SLACK;
        if (room < 0) {
            RecordHeaders own = new RecordHeaders();
            for (Header header : headers) {
                if (header.key().startsWith(OWN_HEADERS)) {
                    own.add(header);
                }
            }
            headers = own;
            room = limit - size(whole.key(), new byte[0], headers.toArray()) - LENGTH_SLACK;
        }
        byte[] cut = Arrays.copyOf(value, Math.clamp(room, 0, value.length));
        return new ProducerRecord<>(whole.topic(), whole.partition(), whole.timestamp(), whole.key(), cut, headers);
    }

    private static int size(ProducerRecord<String, byte[]> record) {
        return size(record.key(), record.value(), record.headers().toArray());
    }

    /**
     * The record's size as Kafka's producer measures it against {@code max.request.size}, once the template has signed
     * it (the signature is added as it is sent).
     */
    private static int size(String key, byte[] value, Header[] headers) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                keyBytes, value, headers) + RecordSigner.HEADER_BYTES;
    }

    private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
        if (value != null) {
            record.headers().remove(key);
            record.headers().add(key, capped(SecretMask.mask(value)));
        }
    }

    /** The text in UTF-8, cut at a character to at most {@link #MAX_HEADER_BYTES} with an ellipsis when cut. */
    private static byte[] capped(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_HEADER_BYTES) {
            return bytes;
        }
        ByteBuffer out = ByteBuffer.allocate(MAX_HEADER_BYTES);
        StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text), out.limit(MAX_HEADER_BYTES - ELLIPSIS.length),
                true);
        out.limit(MAX_HEADER_BYTES).put(ELLIPSIS);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] capped(byte[] value) {
        return value == null || value.length <= MAX_HEADER_BYTES ? value : Arrays.copyOf(value, MAX_HEADER_BYTES);
    }
}
