package dev.llmpool.workers.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionChunk.ChunkChoice;
import dev.llmpool.schemas.openai.ChatCompletionChunk.Delta;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.workers.provider.DeltaPart;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenAiMapperTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void theUpstreamBodyNamesTheProvidersModelAndKeepsEverythingElse() {
        AttemptRequest request = request("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"temperature\":0,\"stream\":true,\"stream_options\":{\"include_usage\":false},"
                + "\"parallel_tool_calls\":false,\"metadata\":{\"k\":\"v\"}}", true);

        JsonNode streamed = codec.tree(OpenAiMapper.toUpstream(request, true));
        assertThat(streamed.get("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(streamed.get("stream").asBoolean()).isTrue();
        assertThat(streamed.get("stream_options").get("include_usage").asBoolean()).isTrue();
        assertThat(streamed.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(streamed.get("metadata").get("k").asString()).isEqualTo("v");
        assertThat(streamed.get("temperature").asDouble()).isZero();

        JsonNode plain = codec.tree(OpenAiMapper.toUpstream(request, false));
        assertThat(plain.has("stream")).isFalse();
        assertThat(plain.has("stream_options")).isFalse();
        assertThat(plain.get("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(request.body().model()).as("the envelope is not changed").isEqualTo("fast");
    }

    @Test
    void chunksWithNothingToSayYieldNoParts() {
        assertThat(OpenAiMapper.deltaParts(chunk(null, Usage.of(3, 4)))).isEmpty();
        assertThat(OpenAiMapper.deltaParts(chunk(List.of(new ChunkChoice(0, new Delta(null, "", null, null), null,
                null)), null))).isEmpty();
        assertThat(OpenAiMapper.deltaParts(chunk(List.of(new ChunkChoice(0, null, null, null)), null))).isEmpty();
    }

    @Test
    void aFinishOnlyChunkStillYieldsAPartCarryingTheFinishReason() {
        List<DeltaPart> parts = OpenAiMapper.deltaParts(chunk(List.of(new ChunkChoice(0,
                new Delta(null, null, null, null), null, "length")), null));
        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.finishReason()).isEqualTo("length");
            assertThat(p.carriesTokens()).isFalse();
            assertThat(p.delta()).isNotNull();
        });
    }

    @Test
    void everyChoiceOfAChunkIsItsOwnPart() {
        List<DeltaPart> parts = OpenAiMapper.deltaParts(chunk(List.of(
                new ChunkChoice(0, new Delta(null, "a", null, null), null, null),
                new ChunkChoice(1, new Delta(null, "b", null, null), null, null)), null));
        assertThat(parts).extracting(DeltaPart::index).containsExactly(0, 1);
    }

    @Test
    void interleavedChoicesAreAssembledSeparatelyInIndexOrder() {
        ChatCompletion completion = OpenAiMapper.assemble(List.of(
                chunk(List.of(new ChunkChoice(1, new Delta("assistant", "", null, null), null, null)), null),
                chunk(List.of(new ChunkChoice(0, new Delta("assistant", "", null, null), null, null)), null),
                chunk(List.of(new ChunkChoice(1, new Delta(null, "Bon", null, null), null, null)), null),
                chunk(List.of(new ChunkChoice(0, new Delta(null, "Hel", null, null), null, null)), null),
                chunk(List.of(new ChunkChoice(0, new Delta(null, "lo", null, null), null, "stop")), null),
                chunk(List.of(new ChunkChoice(1, new Delta(null, "jour", null, null), null, "length")), null),
                chunk(List.of(), Usage.of(5, 6))));
        assertThat(completion.choices()).hasSize(2);
        assertThat(completion.choices().get(0).index()).isZero();
        assertThat(completion.choices().get(0).message().text()).isEqualTo("Hello");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo("stop");
        assertThat(completion.choices().get(1).message().text()).isEqualTo("Bonjour");
        assertThat(completion.choices().get(1).finishReason()).isEqualTo("length");
        assertThat(completion.usage()).isEqualTo(Usage.of(5, 6));
    }

    @Test
    void aRefusalIsAssembledIntoTheRefusalField() {
        ChatCompletion completion = OpenAiMapper.assemble(List.of(
                chunk(List.of(new ChunkChoice(0, new Delta("assistant", null, null, "I can't "), null, null)), null),
                chunk(List.of(new ChunkChoice(0, new Delta(null, null, null, "help with that."), null, "stop")),
                        null)));
        assertThat(completion.firstMessage().refusal()).isEqualTo("I can't help with that.");
        assertThat(completion.firstMessage().content()).isNull();
    }

    @Test
    void toolCallFragmentsWithoutIndexFollowTheirPosition() {
        ChatCompletion completion = OpenAiMapper.assemble(List.of(
                chunk(List.of(new ChunkChoice(0, new Delta("assistant", null, List.of(
                        new ToolCall(null, "call_1", "function", new ToolCall.FunctionCall("lookup", "{\"q\":"))),
                        null), null, null)), null),
                chunk(List.of(new ChunkChoice(0, new Delta(null, null, List.of(
                        new ToolCall(null, null, null, new ToolCall.FunctionCall(null, "\"x\"}"))), null), null,
                        "tool_calls")), null)));
        assertThat(completion.firstMessage().toolCalls()).containsExactly(
                new ToolCall(null, "call_1", "function", new ToolCall.FunctionCall("lookup", "{\"q\":\"x\"}")));
    }

    @Test
    void contentAndToolCallsTogetherKeepBoth() {
        ChatCompletion completion = OpenAiMapper.assemble(List.of(
                chunk(List.of(new ChunkChoice(0, new Delta("assistant", "Let me check.", null, null), null, null)),
                        null),
                chunk(List.of(new ChunkChoice(0, new Delta(null, null, List.of(new ToolCall(0, "call_9", "function",
                        new ToolCall.FunctionCall("get_weather", "{}"))), null), null, "tool_calls")), null)));
        assertThat(completion.firstMessage().text()).isEqualTo("Let me check.");
        assertThat(completion.firstMessage().toolCalls()).hasSize(1);
    }

    @Test
    void anEmptyStreamAssemblesToAnEmptyAnswer() {
        ChatCompletion completion = OpenAiMapper.assemble(List.of());
        assertThat(completion.choices()).isEmpty();
        assertThat(completion.usage()).isNull();
    }

    @Test
    void theAssembledCompletionSerialisesLikeTheNonStreamedOne() {
        ChatCompletion completion = OpenAiMapper.assemble(List.of(
                chunk(List.of(new ChunkChoice(0, new Delta("assistant", "Hi", null, null), null, "stop")), null),
                chunk(List.of(), Usage.of(1, 1))));
        JsonNode json = codec.tree(completion);
        assertThat(json.get("object").asString()).isEqualTo("chat.completion");
        assertThat(json.get("choices").get(0).get("message").get("content").asString()).isEqualTo("Hi");
        assertThat(json.get("choices").get(0).has("logprobs")).isTrue();
        assertThat(json.get("choices").get(0).get("message").has("tool_calls")).isFalse();
    }

    private static ChatCompletionChunk chunk(List<ChunkChoice> choices, Usage usage) {
        return new ChatCompletionChunk("chatcmpl-1", ChatCompletionChunk.OBJECT, 1_741_570_283L, "gpt-4o-mini", null,
                choices == null ? List.of() : choices, usage);
    }

    private AttemptRequest request(String bodyJson, boolean stream) {
        ChatCompletionRequest body = codec.fromJson(bodyJson, ChatCompletionRequest.class);
        return AttemptRequest.builder().attemptId("job-1:1").correlationId("job-1").attempt(1).provider("openai")
                .model("gpt-4o-mini").upstreamModel("gpt-4o-mini").priority(Priority.INTERACTIVE)
                .createdAt(Instant.EPOCH).streamTokens(stream).body(body).build();
    }
}
