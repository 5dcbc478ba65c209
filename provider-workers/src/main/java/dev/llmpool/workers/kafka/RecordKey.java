package dev.llmpool.workers.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a record sits: what identifies a share-group delivery across the polls that return it. */
public record RecordKey(String topic, int partition, long offset) {

    public static RecordKey of(ConsumerRecord<?, ?> record) {
        return new RecordKey(record.topic(), record.partition(), record.offset());
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
