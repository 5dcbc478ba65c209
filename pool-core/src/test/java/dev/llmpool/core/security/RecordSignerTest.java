package dev.llmpool.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.names.Headers;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RecordSignerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOPIC = "llm.attempts";

    private final RecordKey key = RecordKey.random(RANDOM);
    private final RecordSigner signer = new RecordSigner(RecordKeys.fixed(key, List.of()));

    @Test
    void aSignedRecordIsValidAsItArrives() {
        ProducerRecord<String, byte[]> sent = outcome();

        signer.sign(sent);

        assertThat(signer.verify(received(sent))).isEqualTo(SignatureCheck.VALID);
        assertThat(Base64.getDecoder().decode(sent.headers().lastHeader(Headers.SIGNATURE).value())).hasSize(32);
    }

    @Test
    void aRecordWithoutTheSignatureHeaderIsUnsigned() {
        assertThat(signer.verify(received(outcome()))).isEqualTo(SignatureCheck.UNSIGNED);
        assertThat(SignatureCheck.UNSIGNED.reason()).isEqualTo("unsigned-record");
    }

    @Test
    void aChangedValueKeyOrTopicBreaksTheSignature() {
        ProducerRecord<String, byte[]> sent = outcome();
        signer.sign(sent);

        assertThat(signer.verify(received(new ProducerRecord<>(TOPIC, null, sent.key(),
                "{\"succeeded\":true,\"text\":\"forged\"}".getBytes(StandardCharsets.UTF_8), sent.headers()))))
                .as("value").isEqualTo(SignatureCheck.BAD_SIGNATURE);
        assertThat(signer.verify(received(new ProducerRecord<>(TOPIC, null, "job-2", sent.value(), sent.headers()))))
                .as("key").isEqualTo(SignatureCheck.BAD_SIGNATURE);
        assertThat(signer.verify(received(new ProducerRecord<>("llm.provider.openai", null, sent.key(), sent.value(),
                sent.headers())))).as("topic").isEqualTo(SignatureCheck.BAD_SIGNATURE);
        assertThat(SignatureCheck.BAD_SIGNATURE.reason()).isEqualTo("bad-signature");
    }

    @Test
    void thePoolsHeadersAreCoveredAndOtherHeadersAreNot() {
        ProducerRecord<String, byte[]> sent = outcome();
        signer.sign(sent);

        RecordHeaders relapsed = new RecordHeaders(sent.headers().toArray());
        relapsed.add(Headers.LEASE_LAPSES, "99".getBytes(StandardCharsets.UTF_8));
        assertThat(signer.verify(TOPIC, sent.key(), sent.value(), relapsed)).isEqualTo(SignatureCheck.BAD_SIGNATURE);

        RecordHeaders traced = new RecordHeaders(sent.headers().toArray());
        traced.remove("traceparent");
        traced.add("traceparent", "00-ffff-01".getBytes(StandardCharsets.UTF_8));
        assertThat(signer.verify(TOPIC, sent.key(), sent.value(), traced)).isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void aRecordSignedWithAnotherKeyIsRefused() {
        RecordSigner stranger = new RecordSigner(RecordKeys.fixed(RecordKey.random(RANDOM), List.of()));
        ProducerRecord<String, byte[]> sent = outcome();
        stranger.sign(sent);

        assertThat(signer.verify(received(sent))).isEqualTo(SignatureCheck.BAD_SIGNATURE);
    }

    @Test
    void aSignatureThatIsNotBase64OrNotAMacIsBad() {
        ProducerRecord<String, byte[]> garbage = outcome();
        garbage.headers().add(Headers.SIGNATURE, "not base64 !".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> shortOne = outcome();
        shortOne.headers().add(Headers.SIGNATURE, "c2hvcnQ=".getBytes(StandardCharsets.UTF_8));

        assertThat(signer.verify(received(garbage))).isEqualTo(SignatureCheck.BAD_SIGNATURE);
        assertThat(signer.verify(received(shortOne))).isEqualTo(SignatureCheck.BAD_SIGNATURE);
    }

    @Test
    void aRotatedKeyStillAcceptsWhatThePreviousKeySignedAndSignsWithTheNewOne() {
        ProducerRecord<String, byte[]> old = outcome();
        signer.sign(old);
        RecordKey next = RecordKey.random(RANDOM);
        RecordSigner rotated = new RecordSigner(RecordKeys.fixed(next, List.of(key)));
        ProducerRecord<String, byte[]> fresh = outcome();
        rotated.sign(fresh);

        assertThat(rotated.verify(received(old))).isEqualTo(SignatureCheck.VALID);
        assertThat(rotated.verify(received(fresh))).isEqualTo(SignatureCheck.VALID);
        assertThat(signer.verify(received(fresh))).as("the old key alone").isEqualTo(SignatureCheck.BAD_SIGNATURE);
    }

    @Test
    void signingAgainReplacesTheSignatureACopyCarried() {
        ProducerRecord<String, byte[]> original = outcome();
        signer.sign(original);
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>("llm.attempts.dlt", null, original.key(),
                original.value(), new RecordHeaders(original.headers().toArray()));
        copy.headers().add(Headers.DLT_REASON, "unknown-job".getBytes(StandardCharsets.UTF_8));

        signer.sign(copy);

        assertThat(copy.headers().headers(Headers.SIGNATURE)).hasSize(1);
        assertThat(signer.verify(received(copy))).isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void aRecordWithoutKeyOrValueIsSignedToo() {
        ProducerRecord<String, byte[]> tombstone = new ProducerRecord<>(TOPIC, null, (String) null, (byte[]) null, new RecordHeaders());
        signer.sign(tombstone);
        ProducerRecord<String, byte[]> empty = new ProducerRecord<>(TOPIC, null, "", new byte[0], new RecordHeaders());
        empty.headers().add(tombstone.headers().lastHeader(Headers.SIGNATURE));

        assertThat(signer.verify(received(tombstone))).isEqualTo(SignatureCheck.VALID);
        assertThat(signer.verify(received(empty))).as("empty is not null").isEqualTo(SignatureCheck.BAD_SIGNATURE);
    }

    @Test
    void aKeyIsBase64OfAtLeast32BytesAndARefusalNeverShowsIt() {
        String tooShort = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);

        assertThatThrownBy(() -> RecordKey.parse(tooShort, "llmpool.security.record-key"))
                .hasMessageContaining("llmpool.security.record-key").hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining(tooShort);
        assertThatThrownBy(() -> RecordKey.parse("not*base64*at*all", "LLMPOOL_RECORD_KEY"))
                .hasMessage("LLMPOOL_RECORD_KEY is not base64");
        assertThat(RecordKey.parse(Base64.getEncoder().encodeToString(bytes), "k"))
                .isEqualTo(RecordKey.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), "k"));
        RecordKey parsed = RecordKey.parse(Base64.getEncoder().encodeToString(bytes), "k");
        assertThat(parsed.toString()).doesNotContain(Base64.getEncoder().encodeToString(bytes))
                .contains(parsed.fingerprint());
    }

    private static ProducerRecord<String, byte[]> outcome() {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, "job-1",
                "{\"attempt_id\":\"job-1:1\",\"succeeded\":true}".getBytes(StandardCharsets.UTF_8));
        record.headers().add(Headers.CORRELATION_ID, "job-1".getBytes(StandardCharsets.UTF_8));
        record.headers().add(Headers.ATTEMPT, "1".getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** The record as a consumer reads it. */
    private static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(sent.topic(), 0, 7, sent.key(), sent.value());
        for (Header header : sent.headers()) {
            record.headers().add(header);
        }
        return record;
    }
}
