package dev.llmpool.simulator.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DeterministicGeneratorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final DeterministicGenerator generator = new DeterministicGenerator(JSON);

    @Test
    void sameRequestSameText() {
        Completion first = only(generate(request("gpt-4o-mini", "Tell me about rivers"), 16, 0));
        Completion again = only(new DeterministicGenerator(JSON).generate(request("gpt-4o-mini", "Tell me about rivers"),
                16, 0));

        assertThat(again.text()).isEqualTo(first.text()).isNotBlank();
        assertThat(first.tokens()).isEqualTo(16);
        assertThat(first.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(first.kind()).isEqualTo(OutputKind.CONTENT);
    }

    @Test
    void differentPromptModelOrSeedDifferentText() {
        String base = only(generate(request("gpt-4o-mini", "Tell me about rivers"), 16, 0)).text();

        assertThat(only(generate(request("gpt-4o-mini", "Tell me about lakes"), 16, 0)).text()).isNotEqualTo(base);
        assertThat(only(generate(request("gpt-4o", "Tell me about rivers"), 16, 0)).text()).isNotEqualTo(base);
        assertThat(only(generate(request("gpt-4o-mini", "Tell me about rivers"), 16, 1)).text()).isNotEqualTo(base);
    }

    @Test
    void directivesDoNotChangeTheText() {
        String plain = only(generate(request("m", "Tell me about rivers"), 16, 0)).text();
        String delayed = only(generate(request("m", "Tell me about rivers [sim:delay=5ms]"), 16, 0)).text();

        assertThat(delayed).isEqualTo(plain);
    }

    @Test
    void textReadsAsSentences() {
        String text = only(generate(request("m", "prose please"), 40, 0)).text();

        assertThat(text).matches("[A-Z].*\\.").doesNotContain("  ");
    }

    @Test
    void capCutsAPrefixAndFinishesWithLength() {
        Completion full = only(generate(request("m", "count"), 16, 0));
        Completion capped = only(generate(request("m", "count", 1, 5), 16, 0));

        assertThat(capped.pieces()).containsExactlyElementsOf(full.pieces().subList(0, 5));
        assertThat(capped.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void capAtOrAboveTheLengthStops() {
        Completion exact = only(generate(request("m", "count", 1, 16), 16, 0));

        assertThat(exact.tokens()).isEqualTo(16);
        assertThat(exact.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void tokensDirectiveSetsTheLength() {
        assertThat(only(generate(request("m", "long [sim:tokens=50]"), 16, 0)).tokens()).isEqualTo(50);
        assertThat(only(generate(request("m", "none [sim:tokens=0]"), 16, 0)).tokens()).isZero();
    }

    @Test
    void finishDirectiveOverridesTheReason() {
        Completion completion = only(generate(request("m", "cut [sim:finish=length]"), 16, 0));

        assertThat(completion.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(completion.tokens()).isEqualTo(16);
    }

    @Test
    void choicesDifferAndTheFirstMatchesASingleChoice() {
        Generation three = generate(request("m", "pick", 3, 0), 16, 0);
        String single = only(generate(request("m", "pick"), 16, 0)).text();

        assertThat(three.completions()).extracting(Completion::index).containsExactly(0, 1, 2);
        assertThat(three.completions().get(0).text()).isEqualTo(single);
        assertThat(three.completions()).extracting(Completion::text).doesNotHaveDuplicates();
        assertThat(three.completionTokens()).isEqualTo(48);
    }

    @Test
    void echoAnswersTheLastUserMessageWithoutDirectives() {
        Completion echo = only(generate(request("m", "Repeat after me, please! [sim:echo]"), 16, 0));

        assertThat(echo.text()).isEqualTo("Repeat after me, please!");
    }

    @Test
    void refusalHasNoContentKind() {
        Completion refusal = only(generate(request("m", "something bad [sim:refuse]"), 16, 0));

        assertThat(refusal.kind()).isEqualTo(OutputKind.REFUSAL);
        assertThat(refusal.text()).startsWith("I'm sorry");
        assertThat(refusal.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void toolDirectiveAnswersWithAToolCallWithCityArguments() {
        Completion call = only(generate(request("m", "Weather in the capital? [sim:tool=get_weather]"), 16, 0));

        assertThat(call.kind()).isEqualTo(OutputKind.TOOL_CALL);
        assertThat(call.toolCall().name()).isEqualTo("get_weather");
        assertThat(call.toolCall().id()).matches("call_[A-Za-z0-9]{24}");
        assertThat(call.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(call.pieces()).hasSizeGreaterThan(1);
        JsonNode arguments = JSON.readTree(call.text());
        assertThat(arguments.path("city").stringValue()).isNotBlank();
    }

    @Test
    void toolChoiceForcesAToolCallWithoutDirective() {
        GenerationRequest request = new GenerationRequest("m", prompt("weather?"), 1, 0, false, 0, OutputFormat.TEXT,
                "lookup");

        assertThat(only(generator.generate(request, 16, 0)).toolCall().name()).isEqualTo("lookup");
    }

    @Test
    void jsonObjectFormatGivesAValidObject() {
        GenerationRequest request = new GenerationRequest("m", prompt("json please"), 1, 0, false, 0,
                OutputFormat.JSON_OBJECT, null);

        JsonNode content = JSON.readTree(only(generator.generate(request, 16, 0)).text());

        assertThat(content.isObject()).isTrue();
        assertThat(content.path("answer").stringValue()).isNotBlank();
    }

    @Test
    void jsonSchemaFormatFollowsTheSchema() {
        JsonNode schema = JSON.readTree("""
                {"type":"object","properties":{
                    "name":{"type":"string"},"age":{"type":"integer"},"score":{"type":"number"},"ok":{"type":"boolean"},
                    "tags":{"type":"array","items":{"type":"string"}},"mood":{"enum":["happy","sad"]},
                    "address":{"type":"object","properties":{"city":{"type":"string"}}},"nick":{"type":["string","null"]}
                },"required":["name"]}
                """);
        GenerationRequest request = new GenerationRequest("m", prompt("person"), 1, 0, false, 0,
                OutputFormat.jsonSchema(schema), null);

        JsonNode content = JSON.readTree(only(generator.generate(request, 16, 0)).text());

        assertThat(content.path("name").isString()).isTrue();
        assertThat(content.path("age").isIntegralNumber()).isTrue();
        assertThat(content.path("score").isNumber()).isTrue();
        assertThat(content.path("ok").isBoolean()).isTrue();
        assertThat(content.path("tags").isArray()).isTrue();
        assertThat(content.path("mood").stringValue()).isIn("happy", "sad");
        assertThat(content.path("address").path("city").isString()).isTrue();
        assertThat(content.path("nick").isString()).isTrue();
    }

    @Test
    void logprobsAreDeterministicNegativeAndRankTheTokenFirst() {
        GenerationRequest request = new GenerationRequest("m", prompt("probabilities"), 1, 0, true, 3,
                OutputFormat.TEXT, null);

        Completion completion = only(generator.generate(request, 16, 0));
        Completion again = only(generator.generate(request, 16, 0));

        assertThat(completion.logprobs()).hasSize(completion.tokens()).isEqualTo(again.logprobs());
        for (int i = 0; i < completion.tokens(); i++) {
            TokenLogprob token = completion.logprobs().get(i);
            assertThat(token.token()).isEqualTo(completion.pieces().get(i));
            assertThat(token.logprob()).isLessThanOrEqualTo(0.0);
            assertThat(token.top()).hasSize(3);
            assertThat(token.top().getFirst()).isEqualTo(new TopLogprob(token.token(), token.logprob()));
            assertThat(token.top()).extracting(TopLogprob::logprob).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            assertThat(token.top()).extracting(TopLogprob::token).doesNotHaveDuplicates();
        }
    }

    @Test
    void logprobsDoNotChangeTheText() {
        GenerationRequest with = new GenerationRequest("m", prompt("same"), 1, 0, true, 2, OutputFormat.TEXT, null);

        assertThat(only(generator.generate(with, 16, 0)).text())
                .isEqualTo(only(generate(request("m", "same"), 16, 0)).text());
    }

    @Test
    void promptTokensAreEstimatedFromTheStrippedMessages() {
        int expected = (3 + 3) + (2 + 3) + 3; // "Be brief." + "12345678" + reply priming
        assertThat(generate(request("m", "12345678"), 16, 0).promptTokens()).isEqualTo(expected);
        assertThat(generate(request("m", "12345678 [sim:tokens=3]"), 16, 0).promptTokens()).isEqualTo(expected);
    }

    private Generation generate(GenerationRequest request, int defaultTokens, long seed) {
        return generator.generate(request, defaultTokens, seed);
    }

    private static GenerationRequest request(String model, String user) {
        return request(model, user, 1, 0);
    }

    private static GenerationRequest request(String model, String user, int choices, int maxTokens) {
        return new GenerationRequest(model, prompt(user), choices, maxTokens, false, 0, OutputFormat.TEXT, null);
    }

    private static Prompt prompt(String user) {
        return Prompt.of(List.of(new PromptMessage("system", "Be brief."), new PromptMessage("user", user)));
    }

    private static Completion only(Generation generation) {
        assertThat(generation.completions()).hasSize(1);
        return generation.completions().getFirst();
    }
}
