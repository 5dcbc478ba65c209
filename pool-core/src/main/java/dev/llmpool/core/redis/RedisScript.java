package dev.llmpool.core.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One Lua script run by SHA: loaded on first use (or up front with {@link #load}), sent whole when Redis has forgotten
 * it (a restart, {@code SCRIPT FLUSH}). The one way the pool runs Lua.
 */
public final class RedisScript {

    private final String source;
    private volatile String sha;

    public RedisScript(String source) {
        this.source = source;
    }

    /** Loads the script now, so the first call does not. */
    public RedisScript load(StatefulRedisConnection<String, String> redis) {
        sha = redis.sync().scriptLoad(source);
        return this;
    }

    public <T> CompletableFuture<T> evalAsync(StatefulRedisConnection<String, String> redis, ScriptOutputType type,
                                              String[] keys, String... args) {
        String known = sha;
        if (known == null) {
            known = load(redis).sha;
        }
        return redis.async().<T>evalsha(known, type, keys, args).toCompletableFuture()
                .handle((value, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(value);
                    }
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof RedisNoScriptException) {
                        return redis.async().<T>eval(source, type, keys, args).toCompletableFuture();
                    }
                    return CompletableFuture.<T>failedFuture(cause);
                }).thenCompose(f -> f);
    }

    /** Waits for a Redis future, rethrowing its failure unwrapped. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
