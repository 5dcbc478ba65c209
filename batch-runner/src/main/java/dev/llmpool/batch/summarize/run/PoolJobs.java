package dev.llmpool.batch.summarize.run;

import dev.llmpool.batch.budgets.JobBudgets;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.JobView;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Runs jobs on the pool: a job whose record already holds a result is answered from it (no call), one the pool
 * already has is waited for, any other is published to {@code llm.requests}. Results are announced on
 * {@code llm.results} (and read from the job's record),
 * read by one consumer assigned every partition from the end (no group, nothing committed) and positioned before
 * the first record lookup, so no result can fall between the two; every {@code recheck} the records of jobs waiting
 * longer are read again (a result stored but never published on the topic is still found). A job is admitted against
 * its tenant's budgets before it is published ({@code admission}, on a virtual thread): one with no room waits while
 * reservations are held and is tried again, one whose budget is spent ends failed ({@code budget_exceeded}) without
 * a call.
 */
public final class PoolJobs implements JobPort, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PoolJobs.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(30);
    private static final Duration BUDGET_WAIT = Duration.ofSeconds(1);

    /** Every job admitted as it is: no budgets (the command line, the operator's own runs). */
    public static final Function<JobRequest, JobBudgets.Verdict> UNBUDGETED = JobBudgets.Admitted::new;

    private final KafkaTemplate<String, byte[]> kafka;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final JobStore jobs;
    private final JsonCodec codec;
    private final Clock clock;
    private final Duration recheck;
    private final Function<JobRequest, JobBudgets.Verdict> admission;
    private final Executor admitting = task -> Thread.ofVirtual().name("llmpool-summarize-admit").start(task);
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;
    private volatile RuntimeException startFailure;
    private final Thread reader;
    private long lastRecheck;

    private record Waiting(CompletableFuture<JobResult> result, long since) {
    }

    public PoolJobs(KafkaTemplate<String, byte[]> kafka, Supplier<Consumer<String, byte[]>> consumers, JobStore jobs,
                    Function<JobRequest, JobBudgets.Verdict> admission, JsonCodec codec, Clock clock,
                    Duration recheck) {
        this.admission = admission;
        this.kafka = kafka;
        this.consumers = consumers;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
        this.recheck = recheck;
        this.lastRecheck = clock.millis();
        this.reader = Thread.ofPlatform().name("llmpool-summarize-results").daemon().start(this::read);
    }

    /** Waits until the results consumer is positioned at the end of {@code llm.results}. */
    public PoolJobs awaitReady(Duration timeout) throws InterruptedException {
        if (!positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("could not read " + Topics.RESULTS + " within " + timeout
                    + " (is Kafka there?)");
        }
        if (startFailure != null) {
            throw startFailure;
        }
        return this;
    }

    @Override
    public CompletableFuture<JobResult> submit(JobRequest job) {
        String id = job.correlationId();
        Waiting entry = waiting.computeIfAbsent(id, k -> new Waiting(new CompletableFuture<>(), clock.millis()));
        jobs.findOutcomeAsync(id).thenAcceptAsync(record -> {
            if (record.isEmpty()) {
                admitAndPublish(job);
            } else {
                record.flatMap(this::result).ifPresent(result -> complete(id, result));
            }
        }, admitting).exceptionally(error -> {
            fail(id, error);
            return null;
        });
        return entry.result();
    }

    private void admitAndPublish(JobRequest job) {
        String id = job.correlationId();
        try {
            switch (admission.apply(job)) {
                case JobBudgets.Admitted admitted -> publish(admitted.job()).whenComplete((sent, error) -> {
                    if (error != null) {
                        fail(id, error);
                    }
                });
                case JobBudgets.Refused refused -> complete(id, overBudget(job, refused.message()));
                case JobBudgets.Wait wait -> CompletableFuture.delayedExecutor(BUDGET_WAIT.toMillis(),
                        TimeUnit.MILLISECONDS, admitting).execute(() -> admitAndPublish(job));
            }
        } catch (RuntimeException e) {
            fail(id, e);
        }
    }

    /** The result of a job its budget could not pay for: failed, {@code budget_exceeded}, no call made. */
    private JobResult overBudget(JobRequest job, String message) {
        return JobResult.builder().correlationId(job.correlationId()).status(JobStatus.FAILED)
                .error(new ResultError(ErrorClass.QUOTA_EXHAUSTED, ErrorClass.QUOTA_EXHAUSTED.openAiType(),
                        "budget_exceeded", message))
                .attempts(List.of()).createdAt(job.createdAt()).metadata(job.metadata()).completedAt(clock.instant())
                .build();
    }

    /** Jobs published or awaited and not ended yet. */
    public int waiting() {
        return waiting.size();
    }

    private CompletableFuture<?> publish(JobRequest job) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.REQUESTS, job.correlationId(),
                codec.toBytes(job));
        KafkaHeaders.put(record.headers(), Headers.CORRELATION_ID, job.correlationId());
        if (job.deadline() != null) {
            KafkaHeaders.put(record.headers(), Headers.DEADLINE, job.deadline().toString());
        }
        return kafka.send(record);
    }

    private Optional<JobResult> result(JobView record) {
        if (record.resultJson() == null || !record.status().terminal()) {
            return Optional.empty();
        }
        return Optional.of(codec.fromJson(record.resultJson(), JobResult.class));
    }

    private void complete(String id, JobResult result) {
        Waiting entry = waiting.remove(id);
        if (entry != null) {
            entry.result().complete(result);
        }
    }

    private void fail(String id, Throwable error) {
        Waiting entry = waiting.remove(id);
        if (entry != null) {
            entry.result().completeExceptionally(error);
        }
    }

    private void read() {
        try (Consumer<String, byte[]> kafka = consumers.get()) {
            consumer = kafka;
            List<TopicPartition> partitions = partitions(kafka);
            kafka.assign(partitions);
            kafka.seekToEnd(partitions);
            partitions.forEach(kafka::position);
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                    if (record.key() != null && waiting.containsKey(record.key())) {
                        take(record);
                    }
                }
                if (clock.millis() - lastRecheck >= recheck.toMillis()) {
                    lastRecheck = clock.millis();
                    recheck();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (positioned.getCount() > 0) {
                startFailure = e;
                positioned.countDown();
            }
            if (running) {
                log.error("The summarize results reader stopped", e);
            }
        } finally {
            consumer = null;
        }
    }

    /**
     * The partitions of {@code llm.results}, once it has some: a pool starting in the same process creates its topics
     * only after its beans are made, so the topic may not be there yet.
     */
    private List<TopicPartition> partitions(Consumer<String, byte[]> kafka) {
        long until = clock.millis() + TOPIC_WAIT.toMillis();
        while (true) {
            List<TopicPartition> partitions = kafka.partitionsFor(Topics.RESULTS, TOPIC_WAIT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (!partitions.isEmpty() || !running || clock.millis() >= until) {
                if (partitions.isEmpty()) {
                    throw new IllegalStateException(Topics.RESULTS + " has no partitions (it was not created)");
                }
                return partitions;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + Topics.RESULTS, e);
            }
        }
    }

    /**
     * A record on {@code llm.results} for a job this run waits for says its result is stored; the result itself is read
     * from the job's record in Redis, which only the pool writes, never from the topic's value, so a record some other
     * producer put on the topic cannot stand in for a chunk's summary.
     */
    private void take(ConsumerRecord<String, byte[]> record) {
        String id = record.key();
        jobs.findOutcomeAsync(id).thenAccept(stored -> stored.flatMap(this::result)
                .ifPresent(result -> complete(id, result)));
    }

    /** Reads again the records of jobs waiting longer than {@code recheck}. */
    private void recheck() {
        long before = clock.millis() - recheck.toMillis();
        waiting.forEach((id, entry) -> {
            if (entry.since() <= before) {
                jobs.findOutcomeAsync(id).thenAccept(record -> record.flatMap(this::result)
                        .ifPresent(result -> complete(id, result)));
            }
        });
    }

    @Override
    public void close() {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.values().forEach(w -> w.result().cancel(false));
    }
}
