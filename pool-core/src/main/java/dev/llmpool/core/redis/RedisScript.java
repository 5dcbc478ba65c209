package dev.llmpool.core.redis;

import dev.llmpool.core.text.Digests;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One Lua script run by SHA, sent whole when Redis does not know it (first use, a restart, {@code SCRIPT FLUSH}; the
 * {@code EVAL} also caches it there). Its SHA is Redis's own digest of the source, computed here, so running a script
 * never waits for a {@code SCRIPT LOAD}; {@link #load} puts it into Redis up front. The one way the pool runs Lua.
 */
public final class RedisScript {

    private final String source;
    private final String sha;

    public RedisScript(String source) {
        this.source = source;
        this.sha = Digests.sha1Hex(source); // Redis names a script by the SHA-1 of its source
    }

    /** Loads the script into Redis now, so its first run does not have to send it whole. */
    public RedisScript load(StatefulRedisConnection<String, String> redis) {
        redis.sync().scriptLoad(source);
        return this;
    }

    public <T> CompletableFuture<T> evalAsync(StatefulRedisConnection<String, String> redis, ScriptOutputType type,
                                              String[] keys, String... args) {
        return redis.async().<T>evalsha(sha, type, keys, args).toCompletableFuture()
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

    /** The name Redis knows the script by. */
    String sha() {
        return sha;
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
