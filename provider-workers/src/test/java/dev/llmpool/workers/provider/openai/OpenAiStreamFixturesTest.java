package dev.llmpool.workers.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.ProviderException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recorded OpenAI (and OpenRouter) wire streams, decoded line by line and assembled. */
class OpenAiStreamFixturesTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void aTextStreamDecodesToChunksAndAssemblesWithUsage() {
        List<ChatCompletionChunk> chunks = decode("stream-text.txt");
        assertThat(chunks).hasSize(12);

        ChatCompletion completion = OpenAiMapper.assemble(chunks);
        assertThat(completion.id()).isEqualTo("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
        assertThat(completion.object()).isEqualTo("chat.completion");
        assertThat(completion.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(completion.systemFingerprint()).isEqualTo("fp_06737a9306");
        assertThat(completion.created()).isEqualTo(1741570283L);
        assertThat(completion.firstMessage().role()).isEqualTo("assistant");
        assertThat(completion.firstMessage().text()).isEqualTo("Hello! How can I assist you today?");
        assertThat(completion.firstFinishReason()).isEqualTo("stop");
        assertThat(completion.usage().promptTokens()).isEqualTo(19);
        assertThat(completion.usage().completionTokens()).isEqualTo(10);
        assertThat(completion.usage().totalTokens()).isEqualTo(29);
    }

    @Test
    void aTextStreamYieldsOneDeltaPerChunkThatCarriesSomething() {
        List<DeltaPart> parts = decode("stream-text.txt").stream().flatMap(c -> OpenAiMapper.deltaParts(c).stream())
                .toList();
        // role chunk, nine content chunks, the finish chunk; the usage chunk carries none
        assertThat(parts).hasSize(11);
        assertThat(parts.getFirst().delta().role()).isEqualTo("assistant");
        assertThat(parts.getLast().finishReason()).isEqualTo("stop");
        assertThat(parts.stream().map(p -> p.delta().content() == null ? "" : p.delta().content())
                .reduce("", String::concat)).isEqualTo("Hello! How can I assist you today?");
        assertThat(parts.stream().filter(DeltaPart::carriesTokens)).hasSize(9);
    }

    @Test
    void parallelToolCallFragmentsAreMergedByIndex() {
        ChatCompletion completion = OpenAiMapper.assemble(decode("stream-tool-calls.txt"));
        assertThat(completion.firstFinishReason()).isEqualTo("tool_calls");
        assertThat(completion.firstMessage().content()).isNull();
        assertThat(completion.firstMessage().toolCalls()).containsExactly(
                new ToolCall(null, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "function",
                        new ToolCall.FunctionCall("get_weather", "{\"location\": \"Paris, France\"}")),
                new ToolCall(null, "call_X4h0Q5ZqR8lK2mC0aB1vN7tY", "function",
                        new ToolCall.FunctionCall("get_time", "{\"timezone\": \"Europe/Paris\"}")));
        assertThat(completion.usage().totalTokens()).isEqualTo(133);
    }

    @Test
    void aMidStreamErrorFrameEndsTheStreamAsAClassifiedError() {
        List<ChatCompletionChunk> before = new ArrayList<>();
        assertThatThrownBy(() -> decode("stream-error.txt", before))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.error().message()).contains("The server had an error");
                });
        assertThat(before).hasSize(3);
        assertThat(OpenAiMapper.assemble(before).firstMessage().text()).isEqualTo("The answer");
    }

    @Test
    void commentsCrlfAndLogprobsFromAnOpenAiCompatibleRouter() {
        List<ChatCompletionChunk> chunks = decode("stream-openrouter.txt");
        assertThat(chunks).hasSize(4);
        ChatCompletion completion = OpenAiMapper.assemble(chunks);
        assertThat(completion.firstMessage().text()).isEqualTo("Paris.");
        assertThat(completion.choices().getFirst().logprobs().get("content")).hasSize(2);
        assertThat(completion.choices().getFirst().logprobs().get("content").get(1).get("token").asString())
                .isEqualTo(".");
        List<DeltaPart> parts = chunks.stream().flatMap(c -> OpenAiMapper.deltaParts(c).stream()).toList();
        assertThat(parts).hasSize(3);
        assertThat(parts.getFirst().logprobs().get("content").get(0).get("logprob").asDouble()).isEqualTo(-0.0001);
    }

    @Test
    void aStreamCutBeforeAnyFinishIsATransientFailure() {
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder(codec, c -> { });
        decoder.line("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}");
        decoder.line("");
        assertThatThrownBy(decoder::end).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.error().providerCode()).isEqualTo("stream_truncated"));
    }

    @Test
    void aStreamWithoutDoneIsAcceptedOnceAChoiceFinished() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder(codec, chunks::add);
        decoder.line("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}");
        decoder.end();
        assertThat(chunks).hasSize(1);
    }

    @Test
    void decodingStopsAtDone() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder(codec, chunks::add);
        assertThat(decoder.line("data: [DONE]")).isFalse();
        assertThat(decoder.line("")).isTrue();
        assertThat(decoder.line("data: {\"error\":{\"message\":\"ignored\"}}")).isTrue();
        decoder.end();
        assertThat(chunks).isEmpty();
    }

    @Test
    void anUnreadableFrameIsTransient() {
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder(codec, c -> { });
        decoder.line("data: {not json");
        assertThatThrownBy(() -> decoder.line("")).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.error().providerCode()).isEqualTo("invalid_stream_frame"));
    }

    private List<ChatCompletionChunk> decode(String fixture) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        decode(fixture, chunks);
        return chunks;
    }

    private void decode(String fixture, List<ChatCompletionChunk> into) {
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder(codec, into::add);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/fixtures/openai/" + fixture), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (decoder.line(line)) {
                    return;
                }
            }
            decoder.end();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
