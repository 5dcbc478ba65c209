package dev.llmpool.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.gateway.openai.ChunkTranslator;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

class ChatStreamResponderTest {

    private final JsonCodec codec = new JsonCodec();
    private final ChatStreamResponder responder = new ChatStreamResponder(codec, Clock.systemUTC(),
            Duration.ofSeconds(10));

    private static ChatCompletion completion() {
        return new ChatCompletion("c", ChatCompletion.OBJECT, 1, "gpt-4o-mini",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant("Hi", null, null), null, "stop")),
                Usage.of(2, 1), null);
    }

    @Test
    void aReplayIsOpenAiFramesWithTheUsageChunkAndDoneLast() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        responder.replay(ChunkTranslator.replay(completion(), "chatcmpl-1", 9, "gpt-4o-mini", true), true,
                new SseWriter(response));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/event-stream");
        String[] frames = response.getContentAsString().split("\n\n");
        assertThat(frames).hasSize(3);
        assertThat(frames).allSatisfy(f -> assertThat(f).startsWith("data: "));
        assertThat(codec.readTree(frames[0].substring(6)).get("usage").isNull()).isTrue();
        assertThat(codec.readTree(frames[0].substring(6)).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(codec.readTree(frames[1].substring(6)).get("choices").isEmpty()).isTrue();
        assertThat(codec.readTree(frames[1].substring(6)).at("/usage/total_tokens").asInt()).isEqualTo(3);
        assertThat(frames[2]).isEqualTo("data: [DONE]");
    }

    @Test
    void withoutIncludeUsageChunksCarryNoUsageField() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        responder.replay(ChunkTranslator.replay(completion(), "chatcmpl-1", 9, "gpt-4o-mini", false), false,
                new SseWriter(response));

        String[] frames = response.getContentAsString().split("\n\n");
        assertThat(frames).hasSize(2);
        assertThat(codec.readTree(frames[0].substring(6)).has("usage")).isFalse();
    }
}
