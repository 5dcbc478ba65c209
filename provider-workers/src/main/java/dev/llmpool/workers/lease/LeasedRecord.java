package dev.llmpool.workers.lease;

import java.util.Map;

/**
 * What a lease keeps of an attempt's record, to publish it again when the lease lapses.
 *
 * @param key      the record's key (the correlation id)
 * @param value    the attempt envelope, as received
 * @param headers  the record's headers (the pool's headers are text)
 * @param delivery the delivery the attempt's claim belongs to: the original record's {@code topic-partition@offset}
 */
public record LeasedRecord(String key, String value, Map<String, String> headers, String delivery) {

    public LeasedRecord {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
