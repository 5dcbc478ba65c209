package dev.llmpool.core.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Runs the pool's Lua by SHA, loading it again when Redis forgot it (a restart, SCRIPT FLUSH). */
public class LuaScripts {

    /** The scripts by role. */
    public enum Script {
        APPEND(RedisScripts.APPEND), CREATE_JOB(RedisScripts.CREATE_JOB), COMPLETE_JOB(RedisScripts.COMPLETE_JOB),
        SET_STATUS(RedisScripts.SET_STATUS), CREATE_JOB_AND_APPEND(RedisScripts.CREATE_JOB_AND_APPEND),
        COMPLETE_JOB_AND_APPEND(RedisScripts.COMPLETE_JOB_AND_APPEND);

        private final String source;

        Script(String source) {
            this.source = source;
        }
    }

    private final StatefulRedisConnection<String, String> redis;
    private final Map<Script, String> shas = new EnumMap<>(Script.class);

    public LuaScripts(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
        for (Script script : Script.values()) {
            shas.put(script, redis.sync().scriptLoad(script.source));
        }
    }

    public <T> T eval(Script script, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.sync().evalsha(shas.get(script), type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.sync().eval(script.source, type, keys, args);
        }
    }

    public <T> CompletableFuture<T> evalAsync(Script script, ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<T> first = redis.async().<T>evalsha(shas.get(script), type, keys, args)
                .toCompletableFuture();
        return first.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return redis.async().<T>eval(script.source, type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }
}
