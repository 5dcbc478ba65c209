package dev.llmpool.core.redis;

import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Job records ({@code llmpool:job:{id}} hashes). Every write keeps the record's TTL; the final result is
 * written at most once, which is what makes a redelivered outcome harmless.
 */
public class JobStore {

    private final StatefulRedisConnection<String, String> redis;
    private final LuaScripts scripts;
    private final Clock clock;
    private final long ttlMillis;

    public JobStore(StatefulRedisConnection<String, String> redis, LuaScripts scripts, Clock clock,
                    PoolProperties properties) {
        this.redis = redis;
        this.scripts = scripts;
        this.clock = clock;
        this.ttlMillis = properties.jobs().ttl().toMillis();
    }

    /** Creates the job record; false when it already existed (a repeated request). */
    public boolean create(String correlationId, JobStatus status, String requestJson) {
        Long created = scripts.eval(LuaScripts.Script.CREATE_JOB, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.job(correlationId)}, status.json(), requestJson, now(),
                Long.toString(ttlMillis));
        return created != null && created == 1L;
    }

    /** Async variant of {@link #create} for request paths that must not block. */
    public CompletableFuture<Boolean> createAsync(String correlationId, JobStatus status, String requestJson) {
        return scripts.<Long>evalAsync(LuaScripts.Script.CREATE_JOB, ScriptOutputType.INTEGER,
                        new String[] {RedisKeys.job(correlationId)}, status.json(), requestJson, now(),
                        Long.toString(ttlMillis))
                .thenApply(created -> created != null && created == 1L);
    }

    /** Sets a non-terminal status; ignored once the job has a result or when it does not exist. */
    public void setStatus(String correlationId, JobStatus status) {
        scripts.eval(LuaScripts.Script.SET_STATUS, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.job(correlationId)}, status.json(), now());
    }

    /** Stores the final result; true only for the call that stored it. */
    public boolean complete(String correlationId, JobStatus status, String resultJson) {
        Long stored = scripts.eval(LuaScripts.Script.COMPLETE_JOB, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.job(correlationId)}, status.json(), resultJson, now(),
                Long.toString(ttlMillis));
        return stored != null && stored == 1L;
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

    public CompletableFuture<Optional<JobView>> findAsync(String correlationId) {
        return redis.async().hgetall(RedisKeys.job(correlationId)).toCompletableFuture()
                .thenApply(hash -> hash == null || hash.isEmpty() || !hash.containsKey("status")
                        ? Optional.<JobView>empty() : Optional.of(JobView.from(correlationId, hash)));
    }

    private String now() {
        return clock.instant().toString();
    }
}
