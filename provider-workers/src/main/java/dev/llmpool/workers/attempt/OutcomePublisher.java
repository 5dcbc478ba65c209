package dev.llmpool.workers.attempt;

import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes an attempt's outcome to {@code llm.attempts} (key = correlation id) and waits for the broker. */
public class OutcomePublisher {

    /** The headers of an attempt's record that its outcome carries over: the trace context and the deadline. */
    private static final List<String> PASS_THROUGH = List.of(Headers.TRACEPARENT, Headers.DEADLINE);

    /** The headers an outcome carries over from its attempt's record, read through {@code header} (name → value). */
    public static Map<String, String> passThrough(Function<String, String> header) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PASS_THROUGH) {
            String value = header.apply(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonCodec codec;
    private final Duration timeout;

    public OutcomePublisher(KafkaTemplate<String, byte[]> kafka, JsonCodec codec, Duration timeout) {
        this.kafka = kafka;
        this.codec = codec;
        this.timeout = timeout;
    }

    /**
     * Sends and waits.
     *
     * @param passThrough headers of the attempt's record carried over unchanged (trace context, deadline)
     * @throws IllegalStateException when the broker did not take the record within the timeout
     */
    public void publish(AttemptOutcome outcome, Map<String, String> passThrough) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ATTEMPTS, outcome.correlationId(),
                codec.toBytes(outcome));
        passThrough.forEach((key, value) -> KafkaHeaders.put(record.headers(), key, value));
        KafkaHeaders.put(record.headers(), Headers.CORRELATION_ID, outcome.correlationId());
        KafkaHeaders.put(record.headers(), Headers.ATTEMPT, Integer.toString(outcome.attempt()));
        try {
            kafka.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outcome of " + outcome.attemptId(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("the outcome of " + outcome.attemptId() + " was not published: " + cause,
                    cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the outcome of " + outcome.attemptId() + " was not acknowledged within "
                    + timeout, e);
        }
    }
}
