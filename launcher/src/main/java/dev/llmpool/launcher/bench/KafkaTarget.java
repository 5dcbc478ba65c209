package dev.llmpool.launcher.bench;

import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The pool driven the way a data pipeline drives it, with no HTTP: each call publishes a {@code JobRequest} to
 * {@code llm.requests} (key = a fresh correlation id) and waits until the {@code JobResult} with that key arrives on
 * {@code llm.results}. One producer for all calls; one consumer, assigned every partition of the results topic at its
 * end before the first call, completes the waiting calls by key. The same consumer reads {@code llm.attempts} and
 * counts the outcomes of this target's jobs by {@code worker_id}: which worker process did the work.
 */
public final class KafkaTarget implements Target {

    private final String name;
    private final Prompts prompts;
    private final Duration timeout;
    private final boolean streamTokens;
    private final JsonCodec json = new JsonCodec();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    /** Correlation ids of this target's jobs start with this. */
    private final String idPrefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    /**
     * Correlation ids of the calls since the counts were last reset start with this: a phase of its own, so that the
     * outcomes of warm-up jobs read only after the reset (this consumer may read a job's result before its outcome,
     * which sits in another partition) are not counted as the measured run's.
     */
    private volatile String phasePrefix = idPrefix + "0-";
    private int phase;
    private final Map<String, LongAdder> attemptsByWorker = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    public KafkaTarget(String name, String bootstrap, Prompts prompts, boolean streamTokens, Duration timeout) {
        this.name = name;
        this.prompts = prompts;
        this.streamTokens = streamTokens;
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // a job is given up only when its call times out anyway: a broker that restarts (scripts/chaos.sh
                // kills `up`) is waited for, as a pipeline's producer would, not failed after Kafka's 60 s default
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                // (at least the request timeout, 30 s, as the producer requires)
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.clamp(timeout.toMillis(), 30_000, Integer.MAX_VALUE),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        try {
            List<TopicPartition> partitions = new ArrayList<>(partitions(Topics.RESULTS));
            partitions.addAll(partitions(Topics.ATTEMPTS));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close();
            producer.close();
            throw e;
        }
        this.poller = Thread.ofPlatform().daemon().name("bench-results-consumer").start(this::poll);
    }

    private List<TopicPartition> partitions(String topic) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("topic " + topic + " does not exist: is the pool running?");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() == null || !record.key().startsWith(idPrefix)) {
                        continue;
                    }
                    if (record.topic().equals(Topics.ATTEMPTS)) {
                        if (record.key().startsWith(phasePrefix)) {
                            countAttempt(record.value());
                        }
                        continue;
                    }
                    CompletableFuture<String> waiting = pending.remove(record.key());
                    if (waiting != null) {
                        waiting.complete(failure(record.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void countAttempt(byte[] value) {
        try {
            String worker = json.fromBytes(value, AttemptOutcome.class).workerId();
            attemptsByWorker.computeIfAbsent(worker == null ? "?" : worker, w -> new LongAdder()).increment();
        } catch (RuntimeException e) {
            // not an outcome this bench can read: not counted
        }
    }

    /** Attempt outcomes seen on {@code llm.attempts} of the jobs this target started since the last reset, by worker id. */
    public Map<String, Long> attemptsByWorker() {
        Map<String, Long> counts = new TreeMap<>();
        attemptsByWorker.forEach((worker, n) -> counts.put(worker, n.sum()));
        return counts;
    }

    /** Counts from here on only the outcomes of calls made from here on. Called by the one thread driving the bench. */
    public void resetAttemptCounts() {
        phase++;
        phasePrefix = idPrefix + phase + "-";
        attemptsByWorker.clear();
    }

    /** Null for a completed job, else why it failed ({@code job failed: <error type>}). */
    private String failure(byte[] value) {
        try {
            JobResult result = json.fromBytes(value, JobResult.class);
            if (result.status() == JobStatus.COMPLETED) {
                return null;
            }
            return "job " + result.status().json() + (result.error() == null ? "" : ": " + result.error().type());
        } catch (RuntimeException e) {
            return "unreadable result";
        }
    }

    /**
     * The envelope of one job: the same chat body the HTTP targets send, non-streaming; with {@code streamTokens}
     * the workers stream the answer from the provider and write its deltas to the job's Redis stream.
     */
    static String envelope(String correlationId, Prompts prompts, boolean streamTokens) {
        return "{\"schema_version\":1,\"correlation_id\":\"" + correlationId + "\",\"tenant\":\"bench\""
                + (streamTokens ? ",\"stream_tokens\":true" : "") + ",\"body\":" + prompts.body(false) + "}";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Sample call(long startNanos) {
        String id = phasePrefix + UUID.randomUUID();
        CompletableFuture<String> result = new CompletableFuture<>();
        pending.put(id, result);
        producer.send(new ProducerRecord<>(Topics.REQUESTS, id,
                        envelope(id, prompts, streamTokens).getBytes(StandardCharsets.UTF_8)),
                (metadata, error) -> {
                    if (error != null) {
                        result.complete("not published: " + error.getClass().getSimpleName());
                    }
                });
        try {
            String failure = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long latency = System.nanoTime() - startNanos;
            return failure == null ? Sample.ok(latency, 0) : Sample.failed(latency, failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Sample.failed(System.nanoTime() - startNanos, e);
        } catch (TimeoutException e) {
            return Sample.failed(System.nanoTime() - startNanos, "no result within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Sample.failed(System.nanoTime() - startNanos, e);
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
