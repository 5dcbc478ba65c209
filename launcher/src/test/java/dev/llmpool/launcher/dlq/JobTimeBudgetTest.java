package dev.llmpool.launcher.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobTimeBudgetTest {

    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private final JobTimeBudget budget = new JobTimeBudget();

    private String renew(String json) {
        return new String(budget.renew(json.getBytes(StandardCharsets.UTF_8), NOW), StandardCharsets.UTF_8);
    }

    @Test
    void aJobKeepsItsBudgetCountedFromTheReplay() {
        assertThat(renew("""
                {"schema_version":1,"correlation_id":"j","created_at":"2026-11-21T10:00:00Z",\
                "deadline":"2026-11-21T10:02:00Z","body":{"model":"m"}}"""))
                .isEqualTo("{\"schema_version\":1,\"correlation_id\":\"j\",\"created_at\":\"2026-11-22T09:00:00Z\","
                        + "\"deadline\":\"2026-11-22T09:02:00Z\",\"body\":{\"model\":\"m\"}}");
    }

    @Test
    void aJobWithoutDeadlineStartsAgainFromTheReplay() {
        assertThat(renew("{\"created_at\":\"2026-11-21T10:00:00Z\",\"body\":{}}"))
                .isEqualTo("{\"created_at\":\"2026-11-22T09:00:00Z\",\"body\":{}}");
    }

    @Test
    void anythingElseIsLeftAsItWas() {
        assertThat(renew("{ not json")).isEqualTo("{ not json");
        assertThat(renew("{\"correlation_id\":\"j\"}")).isEqualTo("{\"correlation_id\":\"j\"}");
        assertThat(renew("{\"created_at\":\"yesterday\"}")).isEqualTo("{\"created_at\":\"yesterday\"}");
    }
}
