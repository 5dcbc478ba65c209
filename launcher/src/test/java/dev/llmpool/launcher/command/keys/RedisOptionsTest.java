package dev.llmpool.launcher.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.embedded.redis.RedisPassword;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RedisOptionsTest {

    @TempDir
    Path data;

    private RedisOptions parse(String... args) {
        RedisOptions options = new RedisOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void aLoopbackUrlWithoutPasswordGetsThePasswordLlmpoolUpGeneratedInItsDataFolder() throws IOException {
        String password = RedisPassword.ensure(Files.createDirectories(data.resolve("redis")));

        assertThat(parse("--redis", "redis://127.0.0.1:6380", "--data-dir", data.toString()).effectiveUrl())
                .isEqualTo("redis://:" + password + "@127.0.0.1:6380");
        assertThat(parse("--redis", "redis://localhost:6380", "--data-dir", data.toString()).effectiveUrl())
                .startsWith("redis://:" + password + "@localhost");
    }

    @Test
    void aUrlNamingItsOwnPasswordOrAnotherHostIsUsedAsItIs() throws IOException {
        RedisPassword.ensure(Files.createDirectories(data.resolve("redis")));

        assertThat(parse("--redis", "redis://:secret@127.0.0.1:6380", "--data-dir", data.toString()).effectiveUrl())
                .isEqualTo("redis://:secret@127.0.0.1:6380");
        assertThat(parse("--redis", "redis://redis.internal:6379", "--data-dir", data.toString()).effectiveUrl())
                .as("a Redis elsewhere is never sent the embedded Redis's password")
                .isEqualTo("redis://redis.internal:6379");
    }

    @Test
    void withoutADataFolderPasswordTheUrlIsUsedAsItIs() {
        assertThat(parse("--redis", "redis://127.0.0.1:6380", "--data-dir", data.toString()).effectiveUrl())
                .isEqualTo("redis://127.0.0.1:6380");
    }
}
