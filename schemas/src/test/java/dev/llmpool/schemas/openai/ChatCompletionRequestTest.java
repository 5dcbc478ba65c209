package dev.llmpool.schemas.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.json.JsonCodec;
import org.junit.jupiter.api.Test;

class ChatCompletionRequestTest {

    private final JsonCodec json = new JsonCodec();

    private ChatCompletionRequest body(String text) {
        return json.fromJson(text, ChatCompletionRequest.class);
    }

    @Test
    void aCompletionCapGoesInTheFieldTheClientUsed() {
        ChatCompletionRequest none = body("{\"model\":\"m\",\"messages\":[],\"custom\":1}");
        ChatCompletionRequest legacy = body("{\"model\":\"m\",\"messages\":[],\"max_tokens\":500}");
        ChatCompletionRequest modern = body("{\"model\":\"m\",\"messages\":[],\"max_completion_tokens\":500}");

        assertThat(none.withCompletionCap(100).maxTokens()).isEqualTo(100);
        assertThat(none.withCompletionCap(100).maxCompletionTokens()).isNull();
        assertThat(none.withCompletionCap(100).extra()).containsEntry("custom", 1);
        assertThat(legacy.withCompletionCap(100).maxTokens()).isEqualTo(100);
        assertThat(modern.withCompletionCap(100).maxCompletionTokens()).isEqualTo(100);
        assertThat(modern.withCompletionCap(100).completionCap()).isEqualTo(100);
        assertThat(legacy.withCompletionCap(null)).isSameAs(legacy);
        assertThat(legacy.withCompletionCap(500)).isSameAs(legacy);
    }

    @Test
    void logprobsAreAskedForOnce() {
        ChatCompletionRequest plain = body("{\"model\":\"m\",\"messages\":[]}");

        ChatCompletionRequest asked = plain.withLogprobs();

        assertThat(asked.logprobs()).isTrue();
        assertThat(asked.withLogprobs()).isSameAs(asked);
        assertThat(json.toJson(asked)).contains("\"logprobs\":true");
    }
}
