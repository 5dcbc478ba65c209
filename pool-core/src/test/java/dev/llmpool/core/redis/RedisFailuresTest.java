package dev.llmpool.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RedisFailuresTest {

    @Test
    void aRedisThatCannotBeReachedOrDoesNotAnswerInTimeIsUnavailable() {
        assertThat(RedisFailures.unavailable(new RedisConnectionException("Unable to connect"))).isTrue();
        assertThat(RedisFailures.unavailable(new RedisException("Currently not connected. Commands are rejected.")))
                .isTrue();
        assertThat(RedisFailures.unavailable(new RedisCommandTimeoutException("Command timed out"))).isTrue();
        assertThat(RedisFailures.unavailable(new RedisLoadingException("LOADING Redis is loading the dataset")))
                .isTrue();
    }

    @Test
    void aFailureWrappedAroundOneIsToo() {
        assertThat(RedisFailures.unavailable(new CompletionException(new IllegalStateException("creating the job",
                new RedisException("Connection closed"))))).isTrue();
    }

    @Test
    void anErrorRedisAnsweredOrAnyOtherFailureIsNot() {
        assertThat(RedisFailures.unavailable(new RedisCommandExecutionException("ERR unknown command"))).isFalse();
        assertThat(RedisFailures.unavailable(new RedisCommandInterruptedException(new InterruptedException())))
                .isFalse();
        assertThat(RedisFailures.unavailable(new IllegalStateException("no acknowledgement"))).isFalse();
    }
}
