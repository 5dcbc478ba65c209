package dev.llmpool.core.security;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Signs every record of the pool's Kafka template just before it is sent ({@code KafkaTemplate#setProducerInterceptor}
 * runs it on the caller's thread, and a failure reaches the caller): the one place where the records the pool
 * produces get their signature, whoever builds them.
 */
public final class SigningInterceptor implements ProducerInterceptor<String, byte[]> {

    private final RecordSigner signer;

    public SigningInterceptor(RecordSigner signer) {
        this.signer = signer;
    }

    @Override
    public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
        signer.sign(record);
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
