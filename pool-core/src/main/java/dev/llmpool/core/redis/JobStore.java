package dev.llmpool.core.redis;

import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Job records ({@code llmpool:job:{id}} hashes). Every write keeps the record's TTL; the final result is
 * written at most once, which is what makes a redelivered outcome harmless. The job's first and last events can be
 * appended in the same Lua call that creates or completes the record: one round trip, and the event exists exactly
 * when the record change happened.
 */
public class JobStore {

    private final StatefulRedisConnection<String, String> redis;
    private final LuaScripts scripts;
    private final JsonCodec codec;
    private final Clock clock;
    private final long ttlMillis;

    public JobStore(StatefulRedisConnection<String, String> redis, LuaScripts scripts, JsonCodec codec, Clock clock,
                    PoolProperties properties) {
        this.redis = redis;
        this.scripts = scripts;
        this.codec = codec;
        this.clock = clock;
        this.ttlMillis = properties.jobs().ttl().toMillis();
    }

    /** What {@link #createAndAppendAsync} answers when the job exists with another request's fingerprint. */
    public static final String CONFLICT = "conflict";

    /** What creating a job record found. */
    public enum Creation {
        /** the record is new */
        CREATED,
        /** the record existed with the same request (or one stored before fingerprints): a repeat */
        EXISTS,
        /** the record existed with a different request under the same id */
        CONFLICT
    }

    /**
     * Creates the job record bound to its request's fingerprint ({@link JobFingerprints}); a record that exists is
     * left as it is.
     */
    public Creation create(String correlationId, JobStatus status, String requestJson, String fingerprint) {
        Long created = scripts.eval(LuaScripts.Script.CREATE_JOB, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.job(correlationId)}, status.json(), requestJson, now(),
                Long.toString(ttlMillis), fingerprint == null ? "" : fingerprint);
        return created == null || created == 0L ? Creation.EXISTS : created == 1L ? Creation.CREATED
                : Creation.CONFLICT;
    }

    /**
     * Creates the job record bound to its request's fingerprint and, only when this call created it, appends its
     * first event (announced like every append). Completes with the event's stream id, null when the job already
     * existed with the same request, or {@link #CONFLICT} when it existed with a different one.
     */
    public CompletableFuture<String> createAndAppendAsync(String correlationId, JobStatus status, String requestJson,
                                                          String fingerprint, StreamEvent first) {
        return scripts.evalAsync(LuaScripts.Script.CREATE_JOB_AND_APPEND, ScriptOutputType.VALUE,
                eventKeys(correlationId), status.json(), requestJson, now(), Long.toString(ttlMillis),
                codec.toJson(first), fingerprint == null ? "" : fingerprint);
    }

    /** Sets a non-terminal status; ignored once the job has a result or when it does not exist. */
    public void setStatus(String correlationId, JobStatus status) {
        scripts.eval(LuaScripts.Script.SET_STATUS, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.job(correlationId)}, status.json(), now());
    }

    /** Async variant of {@link #setStatus}: commands sent from one thread keep their order on the connection. */
    public CompletableFuture<Long> setStatusAsync(String correlationId, JobStatus status) {
        return scripts.evalAsync(LuaScripts.Script.SET_STATUS, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.job(correlationId)}, status.json(), now());
    }

    /** Stores the final result; true only for the call that stored it. */
    public boolean complete(String correlationId, JobStatus status, String resultJson) {
        Long stored = scripts.eval(LuaScripts.Script.COMPLETE_JOB, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.job(correlationId)}, status.json(), resultJson, now(),
                Long.toString(ttlMillis));
        return stored != null && stored == 1L;
    }

    /**
     * Stores the final result and, only when this call stored it, appends the terminal event in the same step.
     * Returns the event's stream id, or null when a result was already there (nothing was appended).
     */
    public String completeAndAppend(String correlationId, JobStatus status, String resultJson, StreamEvent last) {
        return scripts.eval(LuaScripts.Script.COMPLETE_JOB_AND_APPEND, ScriptOutputType.VALUE,
                eventKeys(correlationId), status.json(), resultJson, now(), Long.toString(ttlMillis),
                codec.toJson(last));
    }

    /** Stores the router's state for the job (opaque JSON). */
    public void saveRoute(String correlationId, String routeJson) {
        redis.sync().hset(RedisKeys.job(correlationId), Map.of("route", routeJson, "updated_at", now()));
    }

    public Optional<JobView> find(String correlationId) {
        Map<String, String> hash = redis.sync().hgetall(RedisKeys.job(correlationId));
        return hash == null || hash.isEmpty() || !hash.containsKey("status")
                ? Optional.empty() : Optional.of(JobView.from(correlationId, hash));
    }

    /**
     * The record's status, router state and fingerprint and, when {@code withRequest}, its stored request: only what
     * the router reads, not the result or timestamps. Empty when there is no record.
     */
    public Optional<JobView> findForRouting(String correlationId, boolean withRequest) {
        List<KeyValue<String, String>> values = withRequest
                ? redis.sync().hmget(RedisKeys.job(correlationId), "status", "route", "fingerprint", "request")
                : redis.sync().hmget(RedisKeys.job(correlationId), "status", "route", "fingerprint");
        String status = values.get(0).getValueOrElse(null);
        if (status == null) {
            return Optional.empty();
        }
        return Optional.of(new JobView(correlationId, JobStatus.parse(status),
                withRequest ? values.get(3).getValueOrElse(null) : null, null,
                values.get(1).getValueOrElse(null), null, null, values.get(2).getValueOrElse(null)));
    }

    public CompletableFuture<Optional<JobView>> findAsync(String correlationId) {
        return redis.async().hgetall(RedisKeys.job(correlationId)).toCompletableFuture()
                .thenApply(hash -> hash == null || hash.isEmpty() || !hash.containsKey("status")
                        ? Optional.<JobView>empty() : Optional.of(JobView.from(correlationId, hash)));
    }

    /**
     * The record's status and result only (not its request or router state): for a caller waiting on many jobs.
     * Empty when there is no record.
     */
    public CompletableFuture<Optional<JobView>> findOutcomeAsync(String correlationId) {
        return redis.async().hmget(RedisKeys.job(correlationId), "status", "result").toCompletableFuture()
                .thenApply(values -> {
                    String status = values.get(0).getValueOrElse(null);
                    return status == null ? Optional.<JobView>empty() : Optional.of(new JobView(correlationId,
                            JobStatus.parse(status), null, values.get(1).getValueOrElse(null), null, null, null,
                            null));
                });
    }

    private static String[] eventKeys(String correlationId) {
        return new String[] {RedisKeys.job(correlationId), RedisKeys.stream(correlationId),
                RedisKeys.streamChannel(correlationId)};
    }

    private String now() {
        return clock.instant().toString();
    }
}
