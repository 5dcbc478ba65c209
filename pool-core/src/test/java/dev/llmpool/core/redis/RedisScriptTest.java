package dev.llmpool.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisScriptTest {

    @Test
    void theShaIsTheOneRedisGivesTheScript() {
        // the example of Redis's own SCRIPT LOAD documentation
        assertThat(new RedisScript("return 'Immabe a cached script'").sha())
                .isEqualTo("c664a3bf70bd1d45c4284ffebb65a6f2299bfc9f");
    }
}
