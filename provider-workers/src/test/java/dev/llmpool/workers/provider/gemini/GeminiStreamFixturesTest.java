package dev.llmpool.workers.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recorded Gemini SSE streams (CRLF frames, no end marker), decoded line by line and assembled. */
class GeminiStreamFixturesTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void aTextStreamYieldsRoleContentAndFinishWithTheLastChunksUsage() {
        List<GenerateContentResponse> chunks = decode("stream-text.txt");
        assertThat(chunks).hasSize(3);

        GeminiStreamAssembler assembler = new GeminiStreamAssembler();
        List<DeltaPart> parts = chunks.stream().flatMap(c -> assembler.accept(c).stream()).toList();
        assertThat(parts).hasSize(3);
        assertThat(parts.getFirst().delta().role()).isEqualTo("assistant");
        assertThat(parts.getFirst().delta().content()).isEqualTo("The");
        assertThat(parts.stream().filter(DeltaPart::carriesTokens)).hasSize(3);
        assertThat(parts.getLast().finishReason()).isEqualTo("stop");

        ChatCompletion completion = GeminiMapper.toCompletion(assembler.result(), 1L);
        assertThat(completion.id()).isEqualTo("4yEfaZ6bA_Gvz7IPm8nWgAQ");
        assertThat(completion.model()).isEqualTo("gemini-2.0-flash");
        assertThat(completion.firstMessage().text())
                .isEqualTo("The sky is blue because of Rayleigh scattering of sunlight.");
        assertThat(completion.firstFinishReason()).isEqualTo("stop");
        assertThat(completion.usage().promptTokens()).isEqualTo(9);
        assertThat(completion.usage().completionTokens()).as("cumulative: the last chunk's count").isEqualTo(12);
    }

    @Test
    void aFunctionCallStreamsWholeAfterTheTextAndAssemblesAlike() {
        GeminiStreamAssembler assembler = new GeminiStreamAssembler();
        List<DeltaPart> parts = decode("stream-function-call.txt").stream()
                .flatMap(c -> assembler.accept(c).stream()).toList();
        assertThat(parts).hasSize(2);
        assertThat(parts.getFirst().delta().content()).isEqualTo("Let me check.");
        ToolCall fragment = parts.get(1).delta().toolCalls().getFirst();
        assertThat(fragment.index()).isZero();
        assertThat(fragment.function().name()).isEqualTo("get_weather");
        assertThat(fragment.function().arguments()).isEqualTo("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        assertThat(parts.get(1).finishReason()).isEqualTo("tool_calls");

        ChatCompletion completion = GeminiMapper.toCompletion(assembler.result(), 1L);
        assertThat(completion.firstMessage().text()).isEqualTo("Let me check.");
        ToolCall call = completion.firstMessage().toolCalls().getFirst();
        assertThat(call.id()).isEqualTo(fragment.id()).startsWith("call_iyIfaYPaMeGoz7IP49aT0Qk_0_0__thought__");
        assertThat(GeminiToolCallIds.signature(call.id())).isEqualTo("EtYDCtMDAXLI2nz+Pq/3k0Q=");
        assertThat(completion.firstFinishReason()).isEqualTo("tool_calls");
        assertThat(completion.usage().completionTokens()).isEqualTo(71);
    }

    @Test
    void aBlockAfterSomeTextKeepsTheTextAndFinishesWithContentFilter() {
        GeminiStreamAssembler assembler = new GeminiStreamAssembler();
        List<DeltaPart> parts = decode("stream-safety.txt").stream().flatMap(c -> assembler.accept(c).stream())
                .toList();
        assertThat(parts.getLast().finishReason()).isEqualTo("content_filter");
        assertThat(parts.getLast().delta().refusal()).as("text came before the block").isNull();
        ChatCompletion completion = GeminiMapper.toCompletion(assembler.result(), 1L);
        assertThat(completion.firstMessage().text()).isEqualTo("Here is");
        assertThat(completion.firstFinishReason()).isEqualTo("content_filter");
    }

    @Test
    void anErrorChunkMidStreamIsClassifiedAfterTheChunksBeforeIt() {
        List<GenerateContentResponse> before = new ArrayList<>();
        assertThatThrownBy(() -> decode("stream-error.txt", before))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.error().providerCode()).isEqualTo("INTERNAL");
                    assertThat(e.error().message()).startsWith("stream error: An internal error has occurred.");
                });
        assertThat(before).hasSize(2);
    }

    @Test
    void aStreamThatClosesBeforeAFinishReasonIsTransient() {
        assertThatThrownBy(() -> decode("stream-truncated.txt"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.error().providerCode()).isEqualTo("stream_truncated");
                });
    }

    private List<GenerateContentResponse> decode(String fixture) {
        return decode(fixture, new ArrayList<>());
    }

    private List<GenerateContentResponse> decode(String fixture, List<GenerateContentResponse> chunks) {
        GeminiStreamDecoder decoder = new GeminiStreamDecoder(codec, chunks::add);
        String text = GeminiMapperTest.fixture(fixture);
        assertThat(text).as("recorded with Google's CRLF frames").contains("\r\n\r\n");
        try (var reader = new java.io.BufferedReader(new java.io.StringReader(text))) {
            String line;
            while ((line = reader.readLine()) != null) {
                decoder.line(line);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        decoder.end();
        return chunks;
    }
}
