package dev.llmpool.batch.summarize.service;

import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.summarize.SummaryRecords;
import dev.llmpool.core.summarize.SummaryState;
import dev.llmpool.schemas.envelope.SummarizeResult;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Delivers a document's result, in this order: stored in its Redis record unless one is there (the first stored is
 * the result, whatever is computed again later), then published to {@code llm.summarize.results} (key = id, signed
 * by the pool's template) unless the record says it was, then marked published. A runner that dies between the
 * publish and the mark publishes the same stored result again when the request is read again: once per id in Redis,
 * at least once on the topic, always with the same content. Every method throws when Redis or Kafka failed (the
 * caller tries again later).
 */
public final class ResultDelivery {

    private final SummaryRecords records;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonCodec codec;
    private final Duration sendTimeout;

    public ResultDelivery(SummaryRecords records, KafkaTemplate<String, byte[]> kafka, JsonCodec codec,
                          Duration sendTimeout) {
        this.records = records;
        this.kafka = kafka;
        this.codec = codec;
        this.sendTimeout = sendTimeout;
    }

    public void deliver(SummarizeResult result) {
        String stored = records.storeResult(result.id(), result.status(), codec.toJson(result));
        boolean published = records.find(result.id()).map(SummaryState::published).orElse(false);
        if (!published) {
            publish(result.id(), stored);
        }
    }

    /** A record whose result is stored already: publishes it unless it was. */
    public void deliverStored(SummaryState state) {
        if (!state.published()) {
            publish(state.id(), state.result());
        }
    }

    private void publish(String id, String json) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SUMMARIZE_RESULTS, id,
                json.getBytes(StandardCharsets.UTF_8));
        KafkaHeaders.put(record.headers(), Headers.CORRELATION_ID, id);
        try {
            kafka.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the result of " + id, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish the result of " + id + " to "
                    + Topics.SUMMARIZE_RESULTS, e);
        }
        records.published(id);
    }
}
