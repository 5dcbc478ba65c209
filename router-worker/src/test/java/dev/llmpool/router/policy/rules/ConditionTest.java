package dev.llmpool.router.policy.rules;

import static dev.llmpool.router.policy.PolicyFixtures.body;
import static dev.llmpool.router.policy.PolicyFixtures.features;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.router.policy.features.Features;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConditionTest {

    private final Features f = features(body("{\"model\":\"auto\",\"max_tokens\":500,\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"Summarize this report\"}]}"), Map.of("task", "summarize", "budget", "12.5",
            "team", "search-infra"));

    @Test
    void eqComparesNumbersAsNumbersAndTextAsText() {
        assertThat(new Condition.Eq("task", "summarize").test(f)).isTrue();
        assertThat(new Condition.Eq("task", "Summarize").test(f)).isFalse();
        assertThat(new Condition.Eq("max_tokens", 500L).test(f)).isTrue();
        assertThat(new Condition.Eq("max_tokens", 500.0).test(f)).isTrue();
        assertThat(new Condition.Eq("metadata.budget", 12.5).test(f)).isTrue();
        assertThat(new Condition.Eq("has_code", false).test(f)).isTrue();
        assertThat(new Condition.Eq("script", "latin").test(f)).isTrue();
        assertThat(new Condition.Eq("metadata.missing", "x").test(f)).isFalse();
    }

    @Test
    void inMatchesAnyListedValue() {
        assertThat(new Condition.In("task", List.of("extract", "summarize")).test(f)).isTrue();
        assertThat(new Condition.In("task", List.of("extract", "chat")).test(f)).isFalse();
        assertThat(new Condition.In("turns", List.of(1L, 2L)).test(f)).isTrue();
    }

    @Test
    void gtAndLtCompareNumbersAndAreFalseOtherwise() {
        assertThat(new Condition.Gt("max_tokens", 499).test(f)).isTrue();
        assertThat(new Condition.Gt("max_tokens", 500).test(f)).isFalse();
        assertThat(new Condition.Lt("prompt_tokens", 100).test(f)).isTrue();
        assertThat(new Condition.Gt("metadata.budget", 10).test(f)).isTrue();
        assertThat(new Condition.Gt("task", 1).test(f)).isFalse();
        assertThat(new Condition.Lt("metadata.missing", 1).test(f)).isFalse();
    }

    @Test
    void regexFindsAMatchInTheFieldsText() {
        assertThat(new Condition.Regex("metadata.team", Pattern.compile("^search-")).test(f)).isTrue();
        assertThat(new Condition.Regex("metadata.team", Pattern.compile("^ads")).test(f)).isFalse();
        assertThat(new Condition.Regex("metadata.missing", Pattern.compile(".*")).test(f)).isFalse();
    }

    @Test
    void existsIsAboutPresenceAndFalseCountsAsAbsent() {
        assertThat(new Condition.Exists("metadata.team", true).test(f)).isTrue();
        assertThat(new Condition.Exists("metadata.missing", false).test(f)).isTrue();
        assertThat(new Condition.Exists("model_pin", true).test(f)).isFalse();
        assertThat(new Condition.Exists("tools_requested", true).test(f)).isFalse();
        assertThat(new Condition.Exists("json_schema", false).test(f)).isTrue();
    }

    @Test
    void allAnyAndNotCombine() {
        Condition yes = new Condition.Eq("task", "summarize");
        Condition no = new Condition.Eq("task", "chat");
        assertThat(new Condition.All(List.of(yes, yes)).test(f)).isTrue();
        assertThat(new Condition.All(List.of(yes, no)).test(f)).isFalse();
        assertThat(new Condition.Any(List.of(no, yes)).test(f)).isTrue();
        assertThat(new Condition.Any(List.of(no, no)).test(f)).isFalse();
        assertThat(new Condition.Not(no).test(f)).isTrue();
        assertThat(new Condition.Always().test(f)).isTrue();
    }
}
