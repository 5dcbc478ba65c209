package dev.llmpool.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.security.RecordKey;
import dev.llmpool.core.security.RecordKeys;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.security.SignatureCheck;
import dev.llmpool.core.security.SigningInterceptor;
import dev.llmpool.schemas.names.Headers;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

class DeadLetterPublisherTest {

    private static final int PRODUCER_LIMIT = 20_000;
    private static final RecordSigner SIGNER = new RecordSigner(RecordKeys.fixed(
            RecordKey.random(new SecureRandom()), List.of()));

    @Test
    void aDeadLetterThatFitsIsWrittenWholeAndNotMarkedTruncated() {
        Broker broker = new Broker(PRODUCER_LIMIT);
        ConsumerRecord<String, byte[]> record = consumed(bytes(500));

        publisher(broker).publish(record, "invalid-json", "Unexpected character", Map.of());

        ProducerRecord<String, byte[]> written = broker.written();
        assertThat(written.topic()).isEqualTo("llm.requests.dlt");
        assertThat(written.value()).isEqualTo(record.value());
        assertThat(header(written, Headers.DLT_REASON)).isEqualTo("invalid-json");
        assertThat(header(written, Headers.DLT_TRUNCATED)).isNull();
        assertThat(header(written, Headers.DLT_ORIGINAL_SIZE)).isNull();
    }

    @Test
    void aRecordThatFitItsTopicButNotWithTheDeadLetterHeadersIsWrittenWithItsValueCutToFit() {
        Broker broker = new Broker(PRODUCER_LIMIT);
        ConsumerRecord<String, byte[]> record = consumed(bytes(PRODUCER_LIMIT - 200));
        assertThat(broker.size(new ProducerRecord<>("llm.requests", record.key(), record.value())))
                .as("the original fits").isLessThanOrEqualTo(PRODUCER_LIMIT);

        publisher(broker).publish(record, "invalid-json", "x".repeat(1_500), Map.of());

        ProducerRecord<String, byte[]> written = broker.written();
        assertThat(broker.size(written)).isLessThanOrEqualTo(PRODUCER_LIMIT);
        assertThat(written.value()).isNotEmpty().hasSizeLessThan(record.value().length)
                .isEqualTo(Arrays.copyOf(record.value(), written.value().length));
        assertThat(header(written, Headers.DLT_TRUNCATED)).isEqualTo("true");
        assertThat(header(written, Headers.DLT_ORIGINAL_SIZE)).isEqualTo(Integer.toString(PRODUCER_LIMIT - 200));
        assertThat(header(written, Headers.DLT_ORIGINAL_TOPIC)).isEqualTo("llm.requests");
        assertThat(header(written, Headers.DLT_ORIGINAL_PARTITION)).isEqualTo("2");
        assertThat(header(written, Headers.DLT_ORIGINAL_OFFSET)).isEqualTo("41");
        assertThat(header(written, Headers.DLT_REASON)).isEqualTo("invalid-json");
        assertThat(header(written, "traceparent")).as("the record's own headers travel along").isEqualTo("00-abc-01");
    }

    @Test
    void aDeadLetterCutToFitLeavesRoomForItsSignatureAndGoesOutSignedOnTheFirstTry() {
        Broker broker = new Broker(PRODUCER_LIMIT);

        publisher(broker).publish(consumed(bytes(PRODUCER_LIMIT)), "bad-signature", "forged", Map.of());

        ProducerRecord<String, byte[]> written = broker.written();
        assertThat(broker.refused).as("sends refused as too large").isZero();
        assertThat(broker.size(written)).isLessThanOrEqualTo(PRODUCER_LIMIT)
                .isGreaterThan(PRODUCER_LIMIT - 2 * RecordSigner.HEADER_BYTES);
        assertThat(SIGNER.verify(written.topic(), written.key(), written.value(), written.headers()))
                .isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void aDeadLetterDoesNotCarryTheOriginalsSignatureButItsOwn() {
        Broker broker = new Broker(PRODUCER_LIMIT);
        ConsumerRecord<String, byte[]> record = consumed(bytes(100));
        record.headers().add(Headers.SIGNATURE, "Zm9yZ2Vk".getBytes(StandardCharsets.UTF_8));

        publisher(broker).publish(record, "bad-signature", "forged", Map.of());

        ProducerRecord<String, byte[]> written = broker.written();
        assertThat(written.headers().headers(Headers.SIGNATURE)).hasSize(1);
        assertThat(SIGNER.verify(written.topic(), written.key(), written.value(), written.headers()))
                .isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void aJobsDeadLetterTooLargeForTheProducerIsCutToo() {
        Broker broker = new Broker(PRODUCER_LIMIT);

        publisher(broker).publish("llm.requests", "job-1", bytes(PRODUCER_LIMIT), "exhausted", "all failed",
                Map.of(Headers.DLT_ATTEMPTS, "4"));

        ProducerRecord<String, byte[]> written = broker.written();
        assertThat(broker.size(written)).isLessThanOrEqualTo(PRODUCER_LIMIT);
        assertThat(header(written, Headers.DLT_TRUNCATED)).isEqualTo("true");
        assertThat(header(written, Headers.DLT_ORIGINAL_SIZE)).isEqualTo(Integer.toString(PRODUCER_LIMIT));
        assertThat(header(written, Headers.DLT_ATTEMPTS)).isEqualTo("4");
    }

    @Test
    void aTopicThatTakesLessThanTheProducerGetsASmallerCut() {
        Broker broker = new Broker(PRODUCER_LIMIT / 4);

        publisher(broker).publish(consumed(bytes(PRODUCER_LIMIT - 200)), "invalid-json", "bad", Map.of());

        ProducerRecord<String, byte[]> written = broker.written();
        assertThat(broker.size(written)).isLessThanOrEqualTo(PRODUCER_LIMIT / 4);
        assertThat(header(written, Headers.DLT_TRUNCATED)).isEqualTo("true");
    }

    @Test
    void everyHeaderValueIsCappedWhereverItCameFrom() {
        Broker broker = new Broker(PRODUCER_LIMIT * 10);
        ConsumerRecord<String, byte[]> record = consumed(bytes(10));
        record.headers().add("x-huge", bytes(50_000));

        publisher(broker).publish(record, "processing-failed", "d".repeat(100_000),
                Map.of(Headers.DLT_PROVIDER_MESSAGE, "m".repeat(100_000)));

        ProducerRecord<String, byte[]> written = broker.written();
        for (Header header : written.headers()) {
            assertThat(header.value().length).as(header.key()).isLessThanOrEqualTo(DeadLetterPublisher.MAX_HEADER_BYTES);
        }
        assertThat(header(written, Headers.DLT_DETAIL)).startsWith("ddd").endsWith("…");
        assertThat(written.value()).isEqualTo(record.value());
    }

    /** The pool's publisher: its template signs what it sends. */
    private static DeadLetterPublisher publisher(Broker broker) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new MockProducerFactory<>(() -> broker));
        template.setProducerInterceptor(new SigningInterceptor(SIGNER));
        return new DeadLetterPublisher(template, PRODUCER_LIMIT);
    }

    private static ConsumerRecord<String, byte[]> consumed(byte[] value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("llm.requests", 2, 41, "job-1", value);
        record.headers().add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static byte[] bytes(int size) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        return value;
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A producer that refuses a record over {@code limit} bytes, measured as Kafka's producer measures it. */
    private static final class Broker extends MockProducer<String, byte[]> {

        private final int limit;
        private int refused;

        Broker(int limit) {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
            this.limit = limit;
        }

        int size(ProducerRecord<String, byte[]> record) {
            byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
            return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                    key, record.value(), record.headers().toArray());
        }

        ProducerRecord<String, byte[]> written() {
            assertThat(history()).hasSize(1);
            return history().getFirst();
        }

        /** The template closes its producer after each send (a real factory's shared producer ignores that). */
        @Override
        public void close(Duration timeout) {
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (size(record) > limit) {
                refused++;
                RecordTooLargeException tooLarge = new RecordTooLargeException("The message is " + size(record)
                        + " bytes when serialized which is larger than " + limit);
                callback.onCompletion(null, tooLarge);
                return CompletableFuture.failedFuture(tooLarge);
            }
            return super.send(record, callback);
        }
    }
}
