package dev.llmpool.router.policy.scoring;

import static dev.llmpool.router.policy.PolicyFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.openai.ChatCompletion;
import org.junit.jupiter.api.Test;

class ScoredAnswerTest {

    @Test
    void readsTheFirstChoiceItsLogprobsAndAllSamples() {
        ChatCompletion c = JSON.fromJson("""
                {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[
                 {"index":0,"message":{"role":"assistant","content":"Paris"},"finish_reason":"stop",
                  "logprobs":{"content":[{"token":"Par","logprob":-0.1,"top_logprobs":[]},{"token":"is","logprob":-0.3}]}},
                 {"index":1,"message":{"role":"assistant","content":"Lyon"},"finish_reason":"stop","logprobs":null}]}
                """, ChatCompletion.class);
        ScoredAnswer answer = ScoredAnswer.of(c);
        assertThat(answer.content()).isEqualTo("Paris");
        assertThat(answer.finishReason()).isEqualTo("stop");
        assertThat(answer.logprobs()).containsExactly(new TokenLogprob("Par", -0.1), new TokenLogprob("is", -0.3));
        assertThat(answer.samples()).containsExactly("Paris", "Lyon");
        assertThat(answer.toolCalls()).isFalse();
    }

    @Test
    void readsRefusalsAndToolCalls() {
        ChatCompletion refusal = JSON.fromJson("""
                {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[
                 {"index":0,"message":{"role":"assistant","content":null,"refusal":"No."},"finish_reason":"stop"}]}
                """, ChatCompletion.class);
        assertThat(ScoredAnswer.of(refusal).refusal()).isEqualTo("No.");
        assertThat(ScoredAnswer.of(refusal).content()).isEmpty();
        ChatCompletion tool = JSON.fromJson("""
                {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[
                 {"index":0,"message":{"role":"assistant","tool_calls":[{"id":"t","type":"function",
                  "function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}
                """, ChatCompletion.class);
        assertThat(ScoredAnswer.of(tool).toolCalls()).isTrue();
        assertThat(ScoredAnswer.of(null).content()).isEmpty();
    }
}
