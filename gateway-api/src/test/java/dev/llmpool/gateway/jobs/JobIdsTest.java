package dev.llmpool.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobIdsTest {

    @Test
    void newIdsHaveTheirPrefixAndFitTheSchema() {
        assertThat(JobIds.newChatId()).startsWith("chatcmpl-").matches(JobIds.VALID);
        assertThat(JobIds.newJobId()).startsWith("job-").matches(JobIds.VALID);
        assertThat(JobIds.newChatId()).isNotEqualTo(JobIds.newChatId());
    }

    @Test
    void aValidClientIdIsKeptAsSent() {
        assertThat(JobIds.fromClient("order-42_x".replace('_', '.'))).isEqualTo("order-42.x");
        assertThat(JobIds.fromClient("  spaced  ")).isEqualTo("spaced");
    }

    @Test
    void anInvalidClientIdBecomesAStableValidDigest() {
        String id = JobIds.fromClient("user 7/order#42");
        assertThat(id).matches(JobIds.VALID).startsWith("key-");
        assertThat(JobIds.fromClient("user 7/order#42")).isEqualTo(id);
        assertThat(JobIds.fromClient("user 7/order#43")).isNotEqualTo(id);
        assertThat(JobIds.fromClient("x".repeat(200))).matches(JobIds.VALID);
    }

    @Test
    void noClientIdIsNull() {
        assertThat(JobIds.fromClient(null)).isNull();
        assertThat(JobIds.fromClient("")).isNull();
    }
}
