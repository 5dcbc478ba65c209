package dev.llmpool.launcher.dlq;

import dev.llmpool.core.redis.JobReset;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.security.SignatureCheck;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Re-publishes a dead letter to its original topic, once: the {@link ReplayLedger} claim comes first (a dead letter
 * replayed before is skipped), then a failed job's Redis state is cleared ({@link JobReset}, so the router routes
 * it afresh under the same correlation id; a job that completed or is in progress is skipped), then the record goes
 * out with the original headers, without the {@code llmpool-dlt-*} ones, and with {@code llmpool-replayed-from} (the
 * dead letter's coordinates) and {@code llmpool-replayed-at}, signed with the pool's key (except on {@code llm.requests},
 * where a signed job skips the router's schema pass: a replayed one is validated again). The value goes out
 * unchanged, except that a job gets its time budget again ({@link JobTimeBudget}): a replay of a job whose deadline
 * passed would fail at once.
 *
 * <p>Only the pool's records go back to an internal topic (anything but {@code llm.requests}, which any producer may
 * write): the dead letter must carry the pool's signature (the pool wrote it), and its reason must not be a failed
 * signature check ({@code unsigned-record}, {@code bad-signature}): signing such a record would turn a forgery into the
 * pool's. Those are skipped.
 */
public final class DeadLetterReplayer {

    private final Producer<String, byte[]> producer;
    private final RecordSigner signer;
    private final ReplayLedger ledger;
    private final JobReset jobs;
    private final Clock clock;
    private final Duration sendTimeout;
    private final JobTimeBudget budget = new JobTimeBudget();

    public DeadLetterReplayer(Producer<String, byte[]> producer, RecordSigner signer, ReplayLedger ledger,
                              JobReset jobs, Clock clock, Duration sendTimeout) {
        this.producer = producer;
        this.signer = signer;
        this.ledger = ledger;
        this.jobs = jobs;
        this.clock = clock;
        this.sendTimeout = sendTimeout;
    }

    public ReplayResult replay(DeadLetter letter, boolean dryRun) {
        Coordinates at = letter.coordinates();
        String target = letter.originalTopic();
        if (target.endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            return new ReplayResult(at, ReplayResult.Status.SKIPPED, "its original topic " + target
                    + " is a dead-letter topic");
        }
        String refusal = refusal(letter, target);
        if (refusal != null) {
            return new ReplayResult(at, ReplayResult.Status.SKIPPED, refusal);
        }
        if (dryRun) {
            return ledger.replayedAt(at)
                    .map(when -> new ReplayResult(at, ReplayResult.Status.SKIPPED, "already replayed at " + when))
                    .orElseGet(() -> new ReplayResult(at, ReplayResult.Status.WOULD_REPLAY,
                            "would re-publish to " + target + describe(letter)));
        }
        Instant now = clock.instant();
        if (!ledger.claim(at, now)) {
            return new ReplayResult(at, ReplayResult.Status.SKIPPED, "already replayed at "
                    + ledger.replayedAt(at).map(Instant::toString).orElse("an earlier time"));
        }
        try {
            String reset = "";
            if (Topics.REQUESTS.equals(target) && letter.correlationId() != null) {
                JobReset.Result result = jobs.reset(letter.correlationId(), letter.attempts());
                if (result == JobReset.Result.COMPLETED || result == JobReset.Result.IN_PROGRESS) {
                    ledger.release(at);
                    return new ReplayResult(at, ReplayResult.Status.SKIPPED, "job " + letter.correlationId()
                            + (result == JobReset.Result.COMPLETED ? " has completed" : " is in progress"));
                }
                reset = result == JobReset.Result.RESET ? " (failed job reset)" : "";
            }
            publish(letter, target, now);
            return new ReplayResult(at, ReplayResult.Status.REPLAYED, "re-published to " + target + describe(letter)
                    + reset);
        } catch (RuntimeException e) {
            ledger.release(at);
            return new ReplayResult(at, ReplayResult.Status.FAILED, e.getMessage());
        }
    }

    /** Why the dead letter may not go back to {@code target}, or null when it may. */
    private String refusal(DeadLetter letter, String target) {
        if (Topics.REQUESTS.equals(target)) {
            return null;
        }
        SignatureCheck own = signer.verify(letter.coordinates().topic(), letter.key(), letter.value(),
                letter.recordHeaders());
        if (!own.valid()) {
            return "not replayed to " + target + ": the pool did not write this dead letter (" + own.reason()
                    + ": signed with a key it no longer accepts, or not by the pool)";
        }
        if (SignatureCheck.refused(letter.reason())) {
            return "not replayed to " + target + ": its record was not the pool's (" + letter.reason()
                    + "), and a replay would sign it";
        }
        return null;
    }

    private void publish(DeadLetter letter, String target, Instant now) {
        byte[] value = Topics.REQUESTS.equals(target) ? budget.renew(letter.value(), now) : letter.value();
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(target, letter.key(), value);
        for (Map.Entry<String, String> header : letter.headers().entrySet()) {
            if (!header.getKey().startsWith("llmpool-dlt-") && !header.getKey().startsWith("llmpool-replayed-")
                    && !header.getKey().equals(Headers.SIGNATURE)) {
                out.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        out.headers().add(Headers.REPLAYED_FROM, letter.coordinates().toString().getBytes(StandardCharsets.UTF_8));
        out.headers().add(Headers.REPLAYED_AT, now.toString().getBytes(StandardCharsets.UTF_8));
        if (!Topics.REQUESTS.equals(target)) {
            // on llm.requests the pool's signature means "built by the pool from a request it validated" and spares
            // the job the router's schema pass: a replayed job, whoever wrote it, is validated again
            signer.sign(out);
        }
        try {
            producer.send(out).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-publishing " + letter.coordinates(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not re-publish " + letter.coordinates() + " to " + target + ": "
                    + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    private static String describe(DeadLetter letter) {
        return letter.correlationId() == null ? "" : " (key " + letter.correlationId() + ")";
    }
}
