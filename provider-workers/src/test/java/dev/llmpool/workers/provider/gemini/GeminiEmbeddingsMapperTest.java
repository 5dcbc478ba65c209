package dev.llmpool.workers.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.gemini.wire.BatchEmbedContentsResponse;
import dev.llmpool.workers.provider.gemini.wire.ContentEmbedding;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiEmbeddingsMapperTest {

    private final JsonCodec codec = new JsonCodec();

    private AttemptRequest attempt(String input) {
        return AttemptRequest.builder().attemptId("j:1").correlationId("j").attempt(1).provider("gemini")
                .model("gemini-embedding-001").upstreamModel("gemini-embedding-001")
                .embeddings(codec.fromJson("{\"model\":\"gemini-embedding-001\",\"input\":" + input
                        + ",\"dimensions\":4}", EmbeddingsRequest.class)).build();
    }

    @Test
    void oneTextIsAnEmbedContentRequestAndSeveralABatchNamingTheModel() {
        assertThat(codec.toJson(GeminiEmbeddingsMapper.toSingle(attempt("\"a river\""))))
                .isEqualTo("{\"content\":{\"parts\":[{\"text\":\"a river\"}]},\"outputDimensionality\":4}");
        assertThat(GeminiEmbeddingsMapper.toSingle(attempt("[\"a\",\"b\"]"))).isNull();
        assertThat(codec.toJson(GeminiEmbeddingsMapper.toBatch(attempt("[\"a\",\"b\"]"))))
                .contains("\"model\":\"models/gemini-embedding-001\"").contains("{\"text\":\"b\"}");
    }

    @Test
    void theVectorsComeBackInOrderWithAnEstimatedUsage() {
        EmbeddingsResponse answer = GeminiEmbeddingsMapper.fromBatch(new BatchEmbedContentsResponse(List.of(
                new ContentEmbedding(List.of(1f, 0f)), new ContentEmbedding(List.of(0f, 1f)))),
                attempt("[\"abcdefgh\",\"b\"]"));
        assertThat(answer.data()).extracting(EmbeddingsResponse.Embedding::index).containsExactly(0, 1);
        assertThat(answer.data().get(1).embedding()).containsExactly(0f, 1f);
        assertThat(answer.usage().promptTokens()).isEqualTo(3);
    }

    @Test
    void tokenArraysAreUnsupportedAndAMissingVectorIsTransient() {
        assertThatThrownBy(() -> GeminiEmbeddingsMapper.toBatch(attempt("[1,2,3]")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error().errorClass()).isEqualTo(ErrorClass.UNSUPPORTED));
        assertThatThrownBy(() -> GeminiEmbeddingsMapper.fromBatch(new BatchEmbedContentsResponse(List.of()),
                attempt("[\"a\",\"b\"]")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT));
    }
}
