package dev.llmpool.workers.lease;

import dev.llmpool.schemas.names.Topics;
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

    /**
     * The topic the attempt was taken from, where a copy goes back (its lane): the original delivery's topic when it
     * is one of {@code provider}'s, else the provider's interactive topic.
     */
    public String topic(String provider) {
        int at = delivery == null ? -1 : delivery.lastIndexOf('@');
        int dash = at < 0 ? -1 : delivery.lastIndexOf('-', at);
        String topic = dash < 0 ? null : delivery.substring(0, dash);
        return Topics.providerBatch(provider).equals(topic) ? topic : Topics.provider(provider);
    }
}
