package dev.llmpool.embedded.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedRedisIT {

    private static final Duration SAFETY_NET = Duration.ofSeconds(60);

    @Test
    void aKilledServerIsStartedAgainOnItsPortWithItsData(@TempDir Path dataDir) throws Exception {
        try (SupervisedRedis redis = SupervisedRedis.start(EmbeddedRedisSettings.persistent(0, dataDir))) {
            set(redis.url(), "job:42", "done");
            long killed = redis.pid();

            ProcessHandle.of(killed).orElseThrow().destroyForcibly();

            await().atMost(SAFETY_NET).ignoreExceptions().until(() -> "done".equals(get(redis.url(), "job:42")));
            assertThat(redis.restarts()).isEqualTo(1);
            assertThat(redis.pid()).isNotEqualTo(killed);
            assertThat(ProcessHandle.of(killed)).isEmpty();
        }
    }

    @Test
    void aClosedServerStaysStoppedAndFreesItsPort() throws Exception {
        SupervisedRedis redis = SupervisedRedis.start(EmbeddedRedisSettings.ephemeral());
        long pid = redis.pid();

        redis.close();
        redis.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(redis.restarts()).isZero();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), redis.port()));
            assertThat(socket.isBound()).isTrue();
        }
    }

    private static void set(String url, String key, String value) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set(key, value);
        } finally {
            client.shutdown();
        }
    }

    private static String get(String url, String key) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().get(key);
        } finally {
            client.shutdown();
        }
    }
}
