package dev.llmpool.router.policy.scoring;

import static dev.llmpool.router.policy.scoring.Scoring.answer;
import static dev.llmpool.router.policy.scoring.Scoring.context;
import static dev.llmpool.router.policy.scoring.Scoring.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonScorerTest {

    private static final String SCHEMA = """
            {"type":"object","required":["name","age"],
             "properties":{"name":{"type":"string"},"age":{"type":"integer"}},"additionalProperties":false}""";

    private final JsonScorer scorer = new JsonScorer();
    private final ScorerSpec spec = spec(ScorerKind.JSON);

    private Score object(String text) {
        return scorer.score(answer(text), context(true, null, null), spec);
    }

    private Score schema(String text) {
        return scorer.score(answer(text), context(true, SCHEMA, null), spec);
    }

    @Test
    void noOpinionWhenJsonWasNotAskedFor() {
        assertThat(scorer.score(answer("not json"), context(false, null, null), spec).verdict())
                .isEqualTo(Score.Verdict.ABSTAIN);
    }

    @Test
    void validJsonObjectScoresOne() {
        assertThat(object("{\"a\": 1}").value()).isEqualTo(1.0);
        assertThat(object("  {\"a\": [1, 2]}\n").counts()).isTrue();
    }

    @Test
    void malformedJsonFailsWithTheParsersProblem() {
        Score trailingComma = object("{\"a\": 1,}");
        assertThat(trailingComma.failed()).isTrue();
        assertThat(trailingComma.reason()).startsWith("malformed JSON: ");
        assertThat(object("Here it is: {\"a\": 1}").failed()).isTrue();
        assertThat(object("{\"a\": 1").failed()).isTrue();
        assertThat(object("").reason()).isEqualTo("malformed JSON: empty answer");
    }

    @Test
    void jsonModeWantsAnObject() {
        Score array = object("[1, 2]");
        assertThat(array.failed()).isTrue();
        assertThat(array.reason()).isEqualTo("JSON is a array, not an object");
    }

    @Test
    void jsonInAMarkdownFenceScoresHalf() {
        Score fenced = object("```json\n{\"a\": 1}\n```");
        assertThat(fenced.failed()).isFalse();
        assertThat(fenced.value()).isEqualTo(JsonScorer.FENCED);
    }

    @Test
    void theRequestsSchemaIsEnforced() {
        assertThat(schema("{\"name\":\"Ada\",\"age\":36}").value()).isEqualTo(1.0);
        assertThat(schema("{\"name\":\"Ada\",\"age\":36}").reason()).contains("matches the schema");
        Score missing = schema("{\"name\":\"Ada\"}");
        assertThat(missing.failed()).isTrue();
        assertThat(missing.reason()).startsWith("schema: ").contains("age");
        Score wrongType = schema("{\"name\":\"Ada\",\"age\":\"36\"}");
        assertThat(wrongType.failed()).isTrue();
        Score extra = schema("{\"name\":\"Ada\",\"age\":36,\"x\":1}");
        assertThat(extra.failed()).isTrue();
    }

    @Test
    void aSchemaThatCannotBeUsedIsNoOpinionAndRemoteReferencesAreNotFetched() {
        Score remote = scorer.score(answer("{\"a\":1}"), context(true,
                "{\"$ref\":\"http://127.0.0.1:9/never.json\"}", null), spec);
        assertThat(remote.failed()).isFalse();
        assertThat(remote.verdict()).isEqualTo(Score.Verdict.ABSTAIN);
    }

    @Test
    void aToolCallIsNoOpinion() {
        ScoredAnswer tool = new ScoredAnswer("", "tool_calls", null, true, List.of(), List.of(), null);
        assertThat(scorer.score(tool, context(true, null, null), spec).verdict()).isEqualTo(Score.Verdict.ABSTAIN);
    }
}
