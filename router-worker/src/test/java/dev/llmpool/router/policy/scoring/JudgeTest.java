package dev.llmpool.router.policy.scoring;

import static dev.llmpool.router.policy.PolicyFixtures.JSON;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static dev.llmpool.router.policy.scoring.Scoring.PLAIN;
import static dev.llmpool.router.policy.scoring.Scoring.answer;
import static dev.llmpool.router.policy.scoring.Scoring.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import org.junit.jupiter.api.Test;

class JudgeTest {

    private static ChatCompletion judged(String content, String logprobs) {
        return JSON.fromJson("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"j\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + JSON.toJson(content) + "},"
                + "\"logprobs\":" + logprobs + ",\"finish_reason\":\"stop\"}]}", ChatCompletion.class);
    }

    @Test
    void thePromptAsksOneYesNoQuestionAboutTheConversationAndTheAnswer() {
        ChatCompletionRequest judge = JudgePrompt.build(userSays("auto", "Capital of France?"), "Paris", "gpt-4o");
        assertThat(judge.model()).isEqualTo("gpt-4o");
        assertThat(judge.temperature()).isZero();
        assertThat(judge.maxTokens()).isEqualTo(1);
        assertThat(judge.logprobs()).isTrue();
        assertThat(judge.topLogprobs()).isEqualTo(5);
        assertThat(judge.messages()).hasSize(2);
        assertThat(judge.messages().getFirst().text()).contains("yes").contains("no");
        assertThat(judge.messages().get(1).text()).contains("user: Capital of France?")
                .contains("<candidate_answer>\nParis\n</candidate_answer>").endsWith(JudgePrompt.QUESTION);
        String json = JSON.toJson(judge);
        assertThat(json).contains("\"max_tokens\":1").contains("\"top_logprobs\":5");
    }

    @Test
    void theVerdictIsReadFromTopLogprobsWhenPresent() {
        ChatCompletion c = judged("Yes", "{\"content\":[{\"token\":\"Yes\",\"logprob\":-0.2,\"top_logprobs\":["
                + "{\"token\":\"Yes\",\"logprob\":-0.2},{\"token\":\" yes\",\"logprob\":-3.0},"
                + "{\"token\":\"No\",\"logprob\":-1.8},{\"token\":\"Maybe\",\"logprob\":-4}]}]}");
        double yes = Math.exp(-0.2) + Math.exp(-3.0);
        assertThat(JudgeVerdict.parse(c)).hasValueSatisfying(p ->
                assertThat(p).isCloseTo(yes / (yes + Math.exp(-1.8)), within(1e-12)));
    }

    @Test
    void withoutLogprobsTheFirstWordDecides() {
        assertThat(JudgeVerdict.parse(judged("Yes.", "null"))).contains(1.0);
        assertThat(JudgeVerdict.parse(judged(" no, because", "null"))).contains(0.0);
        assertThat(JudgeVerdict.parse(judged("Perhaps", "null"))).isEmpty();
        assertThat(JudgeVerdict.parse(null)).isEmpty();
    }

    @Test
    void theJudgeScorerUsesTheVerdictOrAbstains() {
        ScorerSpec spec = spec(ScorerKind.JUDGE);
        assertThat(new JudgeScorer().score(answer("x"), PLAIN, spec).verdict()).isEqualTo(Score.Verdict.ABSTAIN);
        Score score = new JudgeScorer().score(answer("x").withJudgeScore(0.25), PLAIN, spec);
        assertThat(score.value()).isEqualTo(0.25);
        assertThat(score.reason()).isEqualTo("judge p(yes)=0.250");
    }
}
