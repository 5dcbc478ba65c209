package dev.llmpool.core.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the reply of asynchronous Redis calls: the call's own failure comes out as it is (so
 * {@link RedisFailures} reads it), a reply later than {@code timeout} as Lettuce's {@link RedisCommandTimeoutException}
 * naming what was asked.
 */
public final class RedisReplies {

    private RedisReplies() {
    }

    /** The reply of {@code future}, within {@code timeout}; {@code what} names the call ("admit the job"). */
    public static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis to " + what, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("Redis did not " + what + " within " + timeout);
        }
    }
}
