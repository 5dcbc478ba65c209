package dev.llmpool.core.redis;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;

/**
 * Tells a Redis that is away from a Redis that answered: the one reading of "Redis is unavailable" for every role.
 * Unavailable is any Lettuce failure but an error Redis itself answered (a bad command, a script's error), and the
 * answers of a server that cannot serve yet ({@code LOADING} its data after a restart, {@code BUSY} with a script):
 * not connected, commands rejected while reconnecting, connection lost, no answer within the command timeout.
 * Pure.
 */
public final class RedisFailures {

    private RedisFailures() {
    }

    /** True when {@code failure} or one of its causes says Redis could not be reached or did not answer in time. */
    public static boolean unavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RedisLoadingException || cause instanceof RedisBusyException) {
                return true;
            }
            if (cause instanceof RedisException && !(cause instanceof RedisCommandExecutionException)
                    && !(cause instanceof RedisCommandInterruptedException)) {
                return true;
            }
        }
        return false;
    }
}
