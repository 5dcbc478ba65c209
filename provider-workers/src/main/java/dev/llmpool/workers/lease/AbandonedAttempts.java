package dev.llmpool.workers.lease;

import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.workers.attempt.OutcomePublisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up an attempt whose lease lapsed too often: every worker that took it stopped before it ended (a response
 * that runs the JVM out of memory, a call that crashes the process), so another copy would most likely take down
 * another worker. Its record goes to the dead-letter topic of its lane ({@code llm.provider.<p>.dlt} or
 * {@code llm.provider.<p>.batch.dlt}) with reason {@code lease-lapsed}, and the router
 * gets a failed outcome ({@code internal}, not retried) so the job ends now rather than at its deadline. The outcome
 * goes first: a dead letter without it would leave the job waiting.
 */
public final class AbandonedAttempts {

    /** The dead letter's {@code llmpool-dlt-reason}. */
    public static final String REASON = "lease-lapsed";

    private static final Logger log = LoggerFactory.getLogger(AbandonedAttempts.class);

    private final OutcomePublisher outcomes;
    private final DeadLetterPublisher deadLetters;
    private final JsonCodec codec;
    private final Clock clock;
    private final String workerId;
    private final Consumer<String> onGivenUp;

    /** @param onGivenUp told of each attempt given up (its provider), for metrics */
    public AbandonedAttempts(OutcomePublisher outcomes, DeadLetterPublisher deadLetters, JsonCodec codec, Clock clock,
                             String workerId, Consumer<String> onGivenUp) {
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.codec = codec;
        this.clock = clock;
        this.workerId = workerId;
        this.onGivenUp = onGivenUp;
    }

    /**
     * Ends the attempt of {@code record} as failed and dead-letters the record; waits for both.
     *
     * @param lapses how many times its lease lapsed
     * @throws IllegalStateException when either could not be published (the caller tries again later)
     */
    public void giveUp(String provider, LeasedRecord record, int lapses) {
        String detail = "the attempt's lease lapsed " + lapses + " times: each worker that took it stopped before it"
                + " ended, so it is not published again";
        AttemptRequest request = readable(record);
        if (request != null) {
            AttemptError error = new AttemptError(ErrorClass.INTERNAL, detail, null, null, REASON);
            outcomes.publish(AttemptOutcome.failed(request, error, 0, 0, null, workerId, clock.instant()),
                    OutcomePublisher.passThrough(record.headers()::get));
        }
        Map<String, String> headers = new LinkedHashMap<>(record.headers());
        headers.remove(Headers.LEASED_FROM);
        headers.remove(Headers.LEASE_LAPSES); // a replayed dead letter starts counting afresh
        headers.put(Headers.DLT_ATTEMPTS, Integer.toString(lapses));
        deadLetters.publish(record.topic(provider), record.key(), record.value().getBytes(StandardCharsets.UTF_8),
                REASON, detail + " (first delivery " + record.delivery() + ")", headers);
        onGivenUp.accept(provider);
        log.warn("Attempt {} of '{}' given up: its lease lapsed {} times; record dead-lettered ({})",
                request == null ? record.delivery() : request.attemptId(), provider, lapses, REASON);
    }

    /** The attempt behind the record; null when its value cannot be read (it is still dead-lettered). */
    private AttemptRequest readable(LeasedRecord record) {
        try {
            return codec.fromJson(record.value(), AttemptRequest.class);
        } catch (RuntimeException e) {
            log.warn("Lapsed record {} is not a readable attempt ({}); dead-lettering it without an outcome",
                    record.delivery(), e.toString());
            return null;
        }
    }

}
