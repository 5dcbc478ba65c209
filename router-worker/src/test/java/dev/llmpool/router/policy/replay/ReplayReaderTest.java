package dev.llmpool.router.policy.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.router.policy.scoring.TokenLogprob;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.openai.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayReaderTest {

    private final ReplayReader reader = new ReplayReader();

    @Test
    void readsTheIssuesFormat() {
        List<ReplayCase> cases = reader.read("""
                {"id":"a","request":{"model":"auto","messages":[{"role":"user","content":"hi"}]},"metadata":{"task":"chat","n":3},"outcomes":{"gpt-4o-mini":{"content":"hello","finish_reason":"stop","logprobs":[{"token":"hello","logprob":-0.1}],"usage":{"prompt_tokens":9,"completion_tokens":1},"correct":true},"gpt-4o":{"content":"hi","finish_reason":"stop"}}}

                # a comment
                {"id":"b","tenant":"acme","priority":"batch","request":{"model":"auto","messages":[]},"outcomes":{}}
                """, "in.jsonl");
        assertThat(cases).hasSize(2);
        ReplayCase a = cases.getFirst();
        assertThat(a.id()).isEqualTo("a");
        assertThat(a.line()).isEqualTo(1);
        assertThat(a.request().model()).isEqualTo("auto");
        assertThat(a.context().metadata()).containsEntry("task", "chat").containsEntry("n", "3");
        RecordedOutcome mini = a.outcomes().get("gpt-4o-mini");
        assertThat(mini.content()).isEqualTo("hello");
        assertThat(mini.logprobs()).containsExactly(new TokenLogprob("hello", -0.1));
        assertThat(mini.usage()).isEqualTo(Usage.of(9, 1));
        assertThat(mini.correct()).isTrue();
        RecordedOutcome big = a.outcomes().get("gpt-4o");
        assertThat(big.usage()).isNull();
        assertThat(big.correct()).isNull();
        assertThat(big.answer().finishReason()).isEqualTo("stop");
        ReplayCase b = cases.get(1);
        assertThat(b.line()).isEqualTo(4);
        assertThat(b.context().tenant()).isEqualTo("acme");
        assertThat(b.context().priority()).isEqualTo(Priority.BATCH);
    }

    @Test
    void aBadLineIsNamed() {
        assertThatThrownBy(() -> reader.read("{\"request\":{},\"outcomes\":{}}\n{not json}\n", "in.jsonl"))
                .hasMessageStartingWith("in.jsonl line 2: ");
        assertThatThrownBy(() -> reader.read("{\"outcomes\":{}}", "in.jsonl"))
                .hasMessage("in.jsonl line 1: 'request' must be an OpenAI chat body");
        assertThatThrownBy(() -> reader.read("{\"request\":{},\"outcomes\":{\"m\":{\"correct\":\"yes\"}}}", "f"))
                .hasMessage("f line 1: correct of m must be true or false");
        assertThatThrownBy(() -> reader.read("{\"request\":{},\"outcomes\":{\"m\":{\"logprobs\":[{\"token\":\"x\"}]}}}",
                "f")).hasMessageContaining("has no number 'logprob'");
    }

    @Test
    void aRawLineSeparatorInsideAStringDoesNotEndTheLine() {
        String content = "one\u2028two\u0085three\u2029four";
        List<ReplayCase> cases = reader.read("{\"id\":\"a\",\"request\":{\"messages\":[]},\"outcomes\":{\"m\":"
                + "{\"content\":\"" + content + "\"}}}\r\n\n{\"id\":\"b\",\"request\":{},\"outcomes\":{}}\n", "in.jsonl");
        assertThat(cases).extracting(ReplayCase::id).containsExactly("a", "b");
        assertThat(cases.getFirst().outcomes().get("m").content()).isEqualTo(content);
        assertThat(cases.get(1).line()).isEqualTo(3);
    }

    @Test
    void samplesFeedTheAgreementScorerAsNChoicesDoLive() {
        List<ReplayCase> cases = reader.read("""
                {"request":{"messages":[]},"outcomes":{"m":{"samples":[{"content":"so 12","logprobs":[{"token":"12","logprob":-0.2}]},{"content":"12.0"},{"content":"13"}],"correct":true}}}
                """, "in.jsonl");
        RecordedOutcome m = cases.getFirst().outcomes().get("m");
        assertThat(m.content()).isEqualTo("so 12");
        assertThat(m.logprobs()).containsExactly(new TokenLogprob("12", -0.2));
        assertThat(m.answer().samples()).containsExactly("so 12", "12.0", "13");
        var spec = new dev.llmpool.router.policy.scoring.ScorerSpec(
                dev.llmpool.router.policy.scoring.ScorerKind.AGREEMENT, 1,
                java.util.Map.of("extract", new dev.llmpool.router.policy.scoring.AnswerExtractor.LastNumber()));
        var score = new dev.llmpool.router.policy.scoring.AgreementScorer().score(m.answer(), null, spec);
        assertThat(score.value()).isEqualTo(2.0 / 3);
        assertThatThrownBy(() -> reader.read("{\"request\":{},\"outcomes\":{\"m\":{\"samples\":[{}]}}}", "f"))
                .hasMessage("f line 1: a sample of m needs a text 'content'");
    }
}
