package dev.llmpool.core.security;

import dev.llmpool.schemas.names.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Signs the records the pool produces and checks the ones it consumes from its internal topics. The signature, in
 * header {@link Headers#SIGNATURE}, is an HMAC-SHA256 under the pool's {@link RecordKeys} over the record's topic,
 * key, value and {@code llmpool-*} headers (in their order, the signature itself left out), each length-prefixed so no
 * two records read alike. The topic is in it, so a record cannot be moved to another topic; the pool's headers are,
 * so a copy cannot be given another lease count, deadline or dead-letter reason. Other headers (a trace context) are
 * not covered. A consumer acts only on a record whose check is {@link SignatureCheck#VALID}: the batch ledger reading
 * {@code llm.results} calls {@link #verify(ConsumerRecord)} on each record, as the router and the workers do.
 *
 * <p>Cost: a few microseconds for a 2 KB record (docs/benchmarks.md, "Record signatures").
 */
public final class RecordSigner {

    /** What signing adds to a record's size at most: the header's name, its base64 value and their lengths. */
    public static final int HEADER_BYTES = Headers.SIGNATURE.length() + 44 + 4;

    private static final String POOL_HEADERS = "llmpool-";
    private static final byte[] DOMAIN = "llmpool-record-signature-v1".getBytes(StandardCharsets.UTF_8);
    private static final int MAC_BYTES = 32;

    private final RecordKeys keys;

    public RecordSigner(RecordKeys keys) {
        this.keys = keys;
    }

    /** Signs the record with the pool's key, replacing any signature it carried. */
    public void sign(ProducerRecord<String, byte[]> record) {
        byte[] signature = mac(keys.signing(), record.topic(), record.key(), record.value(), record.headers());
        String value = Base64.getEncoder().encodeToString(signature);
        Header present = record.headers().lastHeader(Headers.SIGNATURE);
        if (present != null && present.value() != null && value.equals(new String(present.value(),
                StandardCharsets.UTF_8)) && count(record.headers()) == 1) {
            return; // sent again unchanged (its headers may be read-only by now)
        }
        record.headers().remove(Headers.SIGNATURE);
        record.headers().add(Headers.SIGNATURE, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the pool signed this record as it is. */
    public SignatureCheck verify(ConsumerRecord<String, byte[]> record) {
        return verify(record.topic(), record.key(), record.value(), record.headers());
    }

    /** Whether the pool signed a record of {@code topic} with this key, value and headers. */
    public SignatureCheck verify(String topic, String key, byte[] value,
                                 org.apache.kafka.common.header.Headers headers) {
        Header header = headers.lastHeader(Headers.SIGNATURE);
        if (header == null || header.value() == null || header.value().length == 0) {
            return SignatureCheck.UNSIGNED;
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(header.value());
        } catch (IllegalArgumentException e) {
            return SignatureCheck.BAD_SIGNATURE;
        }
        if (claimed.length != MAC_BYTES) {
            return SignatureCheck.BAD_SIGNATURE;
        }
        for (RecordKey candidate : keys.accepted()) {
            if (MessageDigest.isEqual(claimed, mac(candidate, topic, key, value, headers))) {
                return SignatureCheck.VALID;
            }
        }
        return SignatureCheck.BAD_SIGNATURE;
    }

    /** The key records are signed with now (its fingerprint names it in logs). */
    public RecordKey signingKey() {
        return keys.signing();
    }

    private static byte[] mac(RecordKey key, String topic, String recordKey, byte[] value,
                              org.apache.kafka.common.header.Headers headers) {
        Mac mac = key.mac();
        mac.update(DOMAIN);
        field(mac, topic.getBytes(StandardCharsets.UTF_8));
        field(mac, recordKey == null ? null : recordKey.getBytes(StandardCharsets.UTF_8));
        field(mac, value);
        for (Header header : headers) {
            if (header.key().startsWith(POOL_HEADERS) && !header.key().equals(Headers.SIGNATURE)) {
                field(mac, header.key().getBytes(StandardCharsets.UTF_8));
                field(mac, header.value());
            }
        }
        return mac.doFinal();
    }

    /** A field as its length (-1 for null) and bytes, so that no two sequences of fields feed the MAC alike. */
    private static void field(Mac mac, byte[] bytes) {
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            mac.update(bytes);
        }
    }

    private static long count(org.apache.kafka.common.header.Headers headers) {
        return StreamSupport.stream(headers.headers(Headers.SIGNATURE).spliterator(), false).count();
    }
}
