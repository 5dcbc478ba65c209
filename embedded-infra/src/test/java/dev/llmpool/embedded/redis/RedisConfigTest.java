package dev.llmpool.embedded.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RedisConfigTest {

    @Test
    void aPersistentServerWritesAnAppendOnlyFileIntoItsDataDirectory() {
        String conf = RedisConfig.render("127.0.0.1", 6390, Path.of("/var/lib/llmpool/redis"), true);

        assertThat(conf).contains("bind 127.0.0.1\n", "port 6390\n", "dir \"/var/lib/llmpool/redis\"\n",
                "appendonly yes\n", "pidfile \"/var/lib/llmpool/redis/redis.pid\"\n");
    }

    @Test
    void anEphemeralServerPersistsNothing() {
        String conf = RedisConfig.render("127.0.0.1", 6390, Path.of("/tmp/x"), false);

        assertThat(conf).contains("appendonly no\n", "save \"\"\n").doesNotContain("pidfile");
    }

    @Test
    void aPasswordIsRequiredWhenOneIsGivenAndOnlyThen() {
        assertThat(RedisConfig.render("127.0.0.1", 6390, Path.of("/tmp/x"), true, "s3cret"))
                .contains("requirepass \"s3cret\"\n");
        assertThat(RedisConfig.render("127.0.0.1", 6390, Path.of("/tmp/x"), true)).doesNotContain("requirepass");
    }

    @Test
    void pathsWithQuotesAndBackslashesAreEscaped() {
        assertThat(RedisConfig.quote("/data/my \"redis\"\\dir")).isEqualTo("\"/data/my \\\"redis\\\"\\\\dir\"");
    }
}
