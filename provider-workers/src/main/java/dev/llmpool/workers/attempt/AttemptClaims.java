package dev.llmpool.workers.attempt;

import dev.llmpool.core.redis.RedisScript;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Who is running an attempt right now, so two copies of one attempt delivered at the same time call the provider
 * once, whether it is done already, and whether its job is still live. A claim belongs to a delivery (the record's
 * topic, partition and offset): a redelivery of the same record (its previous holder died or lost the lock) takes the
 * claim over at once; a different record carrying the same attempt waits for the holder to finish. Claims expire, so a
 * claim left by a crash never blocks for long. An attempt whose job has no record in Redis (it never existed, or
 * expired) or already has its result is not claimed: nobody waits for its answer, so the provider is not called. The
 * attempt's done marker, its claim and its job's hash share a Redis slot (the job id is their hash tag), so checking
 * them and taking the claim is one script, one round trip; so is marking it done and giving the claim up.
 */
public class AttemptClaims {

    static final String SCOPE = RedisKeys.ATTEMPT_CLAIM_SCOPE;

    /** The idempotency scope of finished attempts. */
    static final String DONE_SCOPE = RedisKeys.ATTEMPT_DONE_SCOPE;

    /**
     * KEYS: claim, done marker, job hash. ARGV: delivery id, claim ttl ms. Returns -1 when done, -2 when the job has no
     * record or has its result, 1 when claimed, else 0.
     */
    private static final String CLAIM = """
            if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
            if redis.call('HEXISTS', KEYS[3], 'status') == 0 or redis.call('HEXISTS', KEYS[3], 'result') == 1 then
              return -2
            end
            local current = redis.call('GET', KEYS[1])
            if (not current) or current == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0
            """;

    /** KEYS: claim. ARGV: delivery id. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    /** KEYS: claim, done marker. ARGV: delivery id, done ttl ms. Marks the attempt done, then gives the claim up. */
    private static final String FINISH = """
            redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2])
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
            end
            return 1
            """;

    /** What a claim found. */
    public enum Claim {
        /** This delivery holds the claim: run the attempt. */
        CLAIMED,
        /** Another delivery holds it: wait for that one. */
        HELD_ELSEWHERE,
        /** The attempt was done already. */
        DONE,
        /** The attempt's job has no record (it never existed, or expired) or has its result: nobody needs the call. */
        JOB_GONE
    }

    private final StatefulRedisConnection<String, String> redis;
    private final Duration ttl;
    private final Duration doneTtl;
    private final RedisScript claimScript = new RedisScript(CLAIM);
    private final RedisScript releaseScript = new RedisScript(RELEASE);
    private final RedisScript finishScript = new RedisScript(FINISH);

    public AttemptClaims(StatefulRedisConnection<String, String> redis, Duration ttl, Duration doneTtl) {
        this.redis = redis;
        this.ttl = ttl;
        this.doneTtl = doneTtl;
    }

    /** Claims the attempt for this delivery unless it is done, its job is gone, or another delivery holds it. */
    public Claim claim(AttemptRequest attempt, String deliveryId) {
        return RedisScript.join(claimAsync(attempt, deliveryId));
    }

    /** {@link #claim} without waiting: sent at once, so it can share a round trip with other commands. */
    public CompletableFuture<Claim> claimAsync(AttemptRequest attempt, String deliveryId) {
        return claimScript.<Long>evalAsync(redis, ScriptOutputType.INTEGER,
                new String[] {key(attempt), doneKey(attempt), RedisKeys.job(attempt.correlationId())}, deliveryId,
                Long.toString(ttl.toMillis())).thenApply(AttemptClaims::claimOf);
    }

    private static Claim claimOf(Long claimed) {
        if (claimed == null || claimed == 0L) {
            return Claim.HELD_ELSEWHERE;
        }
        if (claimed == -2L) {
            return Claim.JOB_GONE;
        }
        return claimed < 0 ? Claim.DONE : Claim.CLAIMED;
    }

    /** Gives the claim up if this delivery still holds it. */
    public void release(AttemptRequest attempt, String deliveryId) {
        RedisScript.join(releaseScript.<Long>evalAsync(redis, ScriptOutputType.INTEGER, new String[] {key(attempt)},
                deliveryId));
    }

    /**
     * Marks the attempt done (for {@code doneTtl}) and gives the claim up, without waiting: the outcome is out by
     * then, so a lost marker only means a redelivery runs the attempt again and the router ignores its outcome.
     */
    public CompletableFuture<Long> finish(AttemptRequest attempt, String deliveryId) {
        return finishScript.evalAsync(redis, ScriptOutputType.INTEGER, new String[] {key(attempt), doneKey(attempt)},
                deliveryId, Long.toString(doneTtl.toMillis()));
    }

    private static String key(AttemptRequest attempt) {
        return RedisKeys.attempt(SCOPE, attempt.correlationId(), attempt.attempt());
    }

    private static String doneKey(AttemptRequest attempt) {
        return RedisKeys.attempt(DONE_SCOPE, attempt.correlationId(), attempt.attempt());
    }
}
