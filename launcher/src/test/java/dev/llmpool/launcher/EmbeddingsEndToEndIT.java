package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.llmpool.schemas.json.JsonCodec;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The official openai-java SDK's embeddings against the pool: every provider that has them, the cache, errors. */
class EmbeddingsEndToEndIT extends WholePoolTestBase {

    private final JsonCodec json = new JsonCodec();
    private OpenAIClient client;

    @BeforeEach
    void client() {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey("sk-pool-test").maxRetries(0)
                .responseValidation(true).build();
    }

    private static double cosine(List<Float> a, List<Float> b) {
        double dot = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
        }
        return dot;
    }

    @ParameterizedTest
    @ValueSource(strings = {"text-embedding-3-small", "gemini-embedding-001", "local-embed"})
    void eachProvidersVectorsAreDeterministicAndSimilarTextsClose(String model) {
        String salt = UUID.randomUUID().toString();
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder().model(model)
                .inputOfArrayOfStrings(List.of("the river flows to the sea " + salt,
                        "the river flowed into the sea " + salt, "quarterly invoices are due " + salt))
                .dimensions(256L).build());

        assertThat(response.model()).isEqualTo(model);
        assertThat(response.data()).hasSize(3).allSatisfy(e -> assertThat(e.embedding()).hasSize(256));
        List<Float> river = response.data().get(0).embedding();
        assertThat(cosine(river, response.data().get(1).embedding()))
                .isGreaterThan(cosine(river, response.data().get(2).embedding()));
        assertThat(response.usage().promptTokens()).isPositive();
    }

    @Test
    void theSameRequestIsAnsweredFromTheCacheAndBase64DecodesToTheSameVector() throws Exception {
        String body = """
                {"model":"text-embedding-3-small","input":"cache me %s","dimensions":32}""".formatted(UUID.randomUUID());
        HttpResponse<String> first = post("/v1/embeddings", body);
        HttpResponse<String> second = post("/v1/embeddings", body);
        assertThat(first.headers().firstValue("x-llmpool-cache")).hasValue("miss");
        assertThat(second.headers().firstValue("x-llmpool-cache")).hasValue("hit");
        JsonNode vector = json.readTree(first.body()).get("data").get(0).get("embedding");
        assertThat(json.readTree(second.body()).get("data").get(0).get("embedding")).isEqualTo(vector);

        String text = json.readTree(body).get("input").asString();
        List<Float> decoded = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input(text).dimensions(32L)
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build()).data().getFirst().embedding();
        assertThat(decoded).hasSize(32);
        assertThat((double) decoded.getFirst()).isCloseTo(vector.get(0).asDouble(), org.assertj.core.data.Offset
                .offset(1e-6));
    }

    @Test
    void badInputGetsOpenAisErrorShape() throws Exception {
        assertThatThrownBy(() -> client.embeddings().create(EmbeddingCreateParams.builder().model("gpt-4o-mini")
                .input("hi").build())).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("does not support embeddings");
        HttpResponse<String> empty = post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"\"}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json.readTree(empty.body()).get("error").get("param").asString()).isEqualTo("input");
        HttpResponse<String> chatWithEmbedder = post("/v1/chat/completions", """
                {"model":"text-embedding-3-small","messages":[{"role":"user","content":"hi"}]}""");
        assertThat(chatWithEmbedder.statusCode()).isEqualTo(400);
    }
}
