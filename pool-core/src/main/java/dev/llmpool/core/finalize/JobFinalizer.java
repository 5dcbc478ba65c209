package dev.llmpool.core.finalize;

import dev.llmpool.core.cache.ResultCache;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The single gate a job ends through, for the router and for a worker carrying out the router's decision alike:
 * {@link #store} writes the cache entries, then stores the result at most once with its terminal event
 * ({@link JobStore#completeAndAppend}); only the caller it answers {@code true} goes on to {@link #publish} the result
 * to {@code llm.results} (and whatever else follows a stored result).
 */
public class JobFinalizer {

    private static final Logger log = LoggerFactory.getLogger(JobFinalizer.class);

    /** An answer (a completion, or an embeddings job's embeddings) to write to the cache unless an entry exists. */
    public record CacheWrite(String key, ChatCompletion completion, EmbeddingsResponse embeddings, Duration ttl) {
    }

    private final JobStore jobs;
    private final ResultCache cache;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonCodec codec;
    private final Duration timeout;

    public JobFinalizer(JobStore jobs, ResultCache cache, KafkaTemplate<String, byte[]> kafka, JsonCodec codec,
                        Duration timeout) {
        this.jobs = jobs;
        this.cache = cache;
        this.kafka = kafka;
        this.codec = codec;
        this.timeout = timeout;
    }

    /**
     * Stores the result unless the job has one, appending {@code terminal} (or nothing when null) in the same Redis
     * call; the cache writes are pipelined ahead of it on the same connection (so they land first; each is idempotent
     * and carries the same answer on a replay). One round trip.
     *
     * @return true only for the call that stored the result
     */
    public boolean store(JobResult result, List<CacheWrite> cacheWrites, StreamEvent terminal) {
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        for (CacheWrite write : cacheWrites) {
            writes.add(writeAsync(write));
        }
        boolean stored = terminal == null
                ? jobs.complete(result.correlationId(), result.status(), codec.toJson(result))
                : jobs.completeAndAppend(result.correlationId(), result.status(), codec.toJson(result), terminal)
                        != null;
        await(writes);
        return stored;
    }

    /** Writes one cache entry and waits; a failed write costs a future hit, not the answer: logged, not thrown. */
    public void writeCache(CacheWrite write) {
        await(List.of(writeAsync(write)));
    }

    /**
     * Publishes the result to {@code llm.results} and waits for the broker.
     *
     * @throws IllegalStateException when the broker did not take it within the timeout
     */
    public void publish(JobResult result) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.RESULTS, result.correlationId(),
                codec.toBytes(result));
        KafkaHeaders.put(record.headers(), Headers.CORRELATION_ID, result.correlationId());
        try {
            kafka.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not publish to " + record.topic(), e);
        }
    }

    private CompletableFuture<Boolean> writeAsync(CacheWrite write) {
        return write.embeddings() != null
                ? cache.putEmbeddingsIfAbsentAsync(write.key(), write.embeddings(), write.ttl())
                : cache.putIfAbsentAsync(write.key(), write.completion(), write.ttl());
    }

    private void await(List<CompletableFuture<Boolean>> writes) {
        for (CompletableFuture<Boolean> write : writes) {
            try {
                write.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                log.warn("Cache write failed: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
            }
        }
    }
}
