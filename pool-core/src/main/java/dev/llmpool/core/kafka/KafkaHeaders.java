package dev.llmpool.core.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;

/** Reading and writing the pool's UTF-8 string headers. */
public final class KafkaHeaders {

    private KafkaHeaders() {
    }

    public static String get(org.apache.kafka.common.header.Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static void put(org.apache.kafka.common.header.Headers headers, String key, String value) {
        if (value != null) {
            headers.remove(key);
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
