package dev.llmpool.embedded.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.function.Function;

import dev.llmpool.embedded.EmbeddedServerException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRedisIT {

    @Test
    void aValueSetIsReadBackWithLettuce() {
        try (EmbeddedRedis redis = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral())) {
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());

            set(redis, "greeting", "hello");

            assertThat(get(redis, "greeting")).isEqualTo("hello");
        }
    }

    @Test
    void aKeySurvivesARestartOnTheSameDataDirectory(@TempDir Path dataDir) {
        try (EmbeddedRedis first = EmbeddedRedis.start(EmbeddedRedisSettings.persistent(0, dataDir))) {
            set(first, "job:42", "done");
        }

        try (EmbeddedRedis second = EmbeddedRedis.start(EmbeddedRedisSettings.persistent(0, dataDir))) {
            assertThat(get(second, "job:42")).isEqualTo("done");
        }
        assertThat(dataDir.resolve(EmbeddedRedis.APPEND_ONLY_FILE)).isRegularFile();
    }

    @Test
    void aPersistentServerAsksForThePasswordGeneratedIntoItsDataDirectory(@TempDir Path dataDir) {
        try (EmbeddedRedis redis = EmbeddedRedis.start(EmbeddedRedisSettings.persistent(0, dataDir))) {
            String password = RedisPassword.find(dataDir);
            assertThat(password).hasSizeGreaterThanOrEqualTo(40);
            assertThat(redis.url()).isEqualTo("redis://:" + password + "@127.0.0.1:" + redis.port());
            assertThat(redis.displayUrl()).doesNotContain(password);
            assertThat(ping(redis)).isEqualTo("PONG");
            RedisClient anonymous = RedisClient.create(redis.displayUrl());
            try {
                assertThatThrownBy(() -> {
                    try (StatefulRedisConnection<String, String> connection = anonymous.connect()) {
                        connection.sync().get("anything");
                    }
                }).hasStackTraceContaining("NOAUTH");
            } finally {
                anonymous.shutdown();
            }
        }
        try (EmbeddedRedis again = EmbeddedRedis.start(EmbeddedRedisSettings.persistent(0, dataDir))) {
            assertThat(again.url()).contains(RedisPassword.find(dataDir));
        }
    }

    @Test
    void anEphemeralServerForgetsItsKeysOnRestart() {
        try (EmbeddedRedis first = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral())) {
            set(first, "transient", "x");
        }

        try (EmbeddedRedis second = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral())) {
            assertThat(get(second, "transient")).isNull();
        }
    }

    @Test
    void closingStopsTheServerAndFreesItsPort() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral());
        int port = redis.port();

        redis.close();
        redis.close();

        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            assertThat(socket.isBound()).isTrue();
        }
    }

    @Test
    void aDataDirectoryInUseByARunningServerIsRefused(@TempDir Path dataDir) {
        try (EmbeddedRedis running = EmbeddedRedis.start(EmbeddedRedisSettings.persistent(0, dataDir))) {
            assertThatThrownBy(() -> EmbeddedRedis.start(EmbeddedRedisSettings.persistent(0, dataDir)))
                    .isInstanceOf(EmbeddedServerException.class)
                    .hasMessageContaining("in use");
            assertThat(ping(running)).isEqualTo("PONG");
        }
    }

    @Test
    void aTakenPortIsReported() {
        try (EmbeddedRedis running = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral())) {
            assertThatThrownBy(() -> EmbeddedRedis.start(new EmbeddedRedisSettings(running.port(), null)))
                    .isInstanceOf(EmbeddedServerException.class)
                    .hasMessageContaining(Integer.toString(running.port()));
        }
    }

    private static void set(EmbeddedRedis redis, String key, String value) {
        withConnection(redis, connection -> connection.sync().set(key, value));
    }

    private static String get(EmbeddedRedis redis, String key) {
        return withConnection(redis, connection -> connection.sync().get(key));
    }

    private static String ping(EmbeddedRedis redis) {
        return withConnection(redis, connection -> connection.sync().ping());
    }

    private static String withConnection(EmbeddedRedis redis, Function<StatefulRedisConnection<String, String>, String> work) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.apply(connection);
        } finally {
            client.shutdown();
        }
    }
}
