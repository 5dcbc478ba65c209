package dev.llmpool.launcher.dlq;

import dev.llmpool.schemas.names.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record of a dead-letter topic as read back.
 *
 * @param headers       the record's headers as UTF-8 strings, in order (the last value of a repeated name wins)
 * @param recordHeaders the record's headers as they are, for checking its signature
 */
public record DeadLetter(Coordinates coordinates, Instant timestamp, String key, Map<String, String> headers,
                         byte[] value, org.apache.kafka.common.header.Headers recordHeaders) {

    public DeadLetter {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        recordHeaders = new RecordHeaders(recordHeaders.toArray());
    }

    /** A dead letter whose headers are these text ones, in this order. */
    public DeadLetter(Coordinates coordinates, Instant timestamp, String key, Map<String, String> headers,
                      byte[] value) {
        this(coordinates, timestamp, key, headers, value, textHeaders(headers));
    }

    private static RecordHeaders textHeaders(Map<String, String> headers) {
        RecordHeaders record = new RecordHeaders();
        headers.forEach((name, text) -> record.add(name, text.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The {@code llmpool-dlt-reason}. */
    public String reason() {
        return header(Headers.DLT_REASON);
    }

    /** The job's correlation id: the header, else the record key. */
    public String correlationId() {
        String id = header(Headers.CORRELATION_ID);
        return id != null ? id : key;
    }

    /** Where the record came from ({@code llmpool-dlt-original-topic}), else the DLT's topic without {@code .dlt}. */
    public String originalTopic() {
        String original = header(Headers.DLT_ORIGINAL_TOPIC);
        if (original != null) {
            return original;
        }
        String topic = coordinates.topic();
        return topic.endsWith(".dlt") ? topic.substring(0, topic.length() - 4) : topic;
    }

    /** The error in one line: the provider's class and message when a provider failed, else the detail. */
    public String error() {
        String providerError = header(Headers.DLT_PROVIDER_ERROR);
        String providerMessage = header(Headers.DLT_PROVIDER_MESSAGE);
        if (providerError != null) {
            return providerMessage == null ? providerError : providerError + ": " + providerMessage;
        }
        String detail = header(Headers.DLT_DETAIL);
        return detail == null ? "" : detail;
    }

    public int attempts() {
        String attempts = header(Headers.DLT_ATTEMPTS);
        try {
            return attempts == null ? 0 : Integer.parseInt(attempts.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
