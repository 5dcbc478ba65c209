package dev.llmpool.core.redis;

import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Clears a failed job from Redis so its request can run again under the same correlation id (a dead letter
 * replayed): the job hash (status, result, the router's state), its event stream and delta high-water marks, and
 * the workers' done markers and claims of its attempts (attempt ids repeat in the new run, so a marker left behind
 * would make a worker skip the new attempt). A job that completed, or is still queued or running, is left alone.
 */
public class JobReset {

    /** What {@link #reset} found. */
    public enum Result {
        /** There was no job record: nothing to clear. */
        NO_RECORD,
        /** The failed job was cleared. */
        RESET,
        /** The job completed after all: left alone. */
        COMPLETED,
        /** The job is queued or running: left alone. */
        IN_PROGRESS
    }

    private final StatefulRedisConnection<String, String> redis;
    private final JsonCodec codec;

    public JobReset(StatefulRedisConnection<String, String> redis, JsonCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /**
     * @param attemptsHint attempts the job made as its dead letter says (the router's state is read too; the larger
     *                     count wins)
     */
    public Result reset(String correlationId, int attemptsHint) {
        List<String> fields = redis.sync().hmget(RedisKeys.job(correlationId), "status", "route").stream()
                .map(value -> value.getValueOrElse(null)).toList();
        String status = fields.get(0);
        if (status == null) {
            return Result.NO_RECORD;
        }
        JobStatus parsed = JobStatus.parse(status);
        if (parsed == JobStatus.COMPLETED) {
            return Result.COMPLETED;
        }
        if (!parsed.terminal()) {
            return Result.IN_PROGRESS;
        }
        int attempts = Math.max(attemptsHint, attemptsIn(fields.get(1)));
        List<String> keys = new ArrayList<>(List.of(RedisKeys.job(correlationId), RedisKeys.stream(correlationId),
                RedisKeys.streamSeq(correlationId)));
        for (int attempt = 1; attempt <= attempts; attempt++) {
            keys.add(RedisKeys.attempt(RedisKeys.ATTEMPT_DONE_SCOPE, correlationId, attempt));
            keys.add(RedisKeys.attempt(RedisKeys.ATTEMPT_CLAIM_SCOPE, correlationId, attempt));
        }
        // every key names the job as its hash tag: one slot, one command
        redis.sync().del(keys.toArray(String[]::new));
        return Result.RESET;
    }

    private int attemptsIn(String routeJson) {
        if (routeJson == null) {
            return 0;
        }
        JsonNode attempts = codec.readTree(routeJson.getBytes(StandardCharsets.UTF_8))
                .path("attempts");
        return attempts.isArray() ? attempts.size() : 0;
    }
}
