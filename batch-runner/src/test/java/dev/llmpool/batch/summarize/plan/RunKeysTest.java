package dev.llmpool.batch.summarize.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunKeysTest {

    @Test
    void theRunKeyDependsOnTheOptionsAndEveryDocumentButNotOnTheirOrder() {
        String a = RunKeys.documentKey(new Document("a", null, "text a"));
        String b = RunKeys.documentKey(new Document("b", null, "text b"));
        String changed = RunKeys.documentKey(new Document("b", null, "text b, edited"));

        assertThat(RunKeys.runKey("opts", List.of(a, b))).isEqualTo(RunKeys.runKey("opts", List.of(b, a)))
                .matches("sum_[0-9a-f]{20}");
        assertThat(RunKeys.runKey("opts", List.of(a, changed))).isNotEqualTo(RunKeys.runKey("opts", List.of(a, b)));
        assertThat(RunKeys.runKey("other", List.of(a, b))).isNotEqualTo(RunKeys.runKey("opts", List.of(a, b)));
        assertThat(RunKeys.plausibleRun(RunKeys.runKey("opts", List.of(a)))).isTrue();
    }

    @Test
    void aNodesJobIdIsAValidCorrelationIdNamingTheRunTheDocumentAndTheNode() {
        String id = RunKeys.jobId("sum_0123456789abcdef0123", "fedcba9876543210", new NodeKey(2, 17));
        assertThat(id).isEqualTo("sum_0123456789abcdef0123.fedcba9876543210.2.17").matches("^[A-Za-z0-9._~-]+$");
    }

    @Test
    void optionsThatDifferInAnythingHaveDifferentCanonicalForms() {
        SummaryOptions base = SummaryOptions.defaults().build();
        assertThat(base.withStyle(Style.BULLETS).canonical()).isNotEqualTo(base.canonical());
        assertThat(base.withInstructions("Use French.").canonical()).isNotEqualTo(base.canonical());
        assertThat(base.withChunkTokens(2999).canonical()).isNotEqualTo(base.canonical());
        assertThat(SummaryOptions.defaults().build().canonical()).isEqualTo(base.canonical());
    }
}
