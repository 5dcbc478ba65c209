package dev.llmpool.gateway.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.json.JsonCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MessagesRequestReaderTest {

    private final JsonCodec codec = new JsonCodec();
    private final MessagesRequestReader reader = new MessagesRequestReader(codec);

    private JsonNode chat(String messagesBody) {
        return reader.toChat(codec.readTree(messagesBody), false);
    }

    private static void refused(Runnable read, String message) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void systemTurnsToolsAndStopSequencesBecomeTheirChatCounterparts() {
        JsonNode chat = chat("""
                {"model":"claude-haiku-4-5","max_tokens":64,"system":[{"type":"text","text":"Be brief."}],
                 "stop_sequences":["END"],"temperature":0.5,"top_k":5,"metadata":{"user_id":"u-1"},
                 "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object"}}],
                 "tool_choice":{"type":"any","disable_parallel_tool_use":true},
                 "messages":[{"role":"user","content":"Weather in Oslo?"},
                   {"role":"assistant","content":[{"type":"text","text":"Checking."},
                     {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Oslo"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"Sunny"},
                     {"type":"text","text":"Thanks","cache_control":{"type":"ephemeral"}}]}]}""");

        assertThat(chat.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(chat.get("stop").get(0).asString()).isEqualTo("END");
        assertThat(chat.get("top_k").asInt()).isEqualTo(5);
        assertThat(chat.get("user").asString()).isEqualTo("u-1");
        assertThat(chat.get("tool_choice").asString()).isEqualTo("required");
        assertThat(chat.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(chat.get("tools").get(0).get("function").get("name").asString()).isEqualTo("get_weather");
        JsonNode messages = chat.get("messages");
        assertThat(messages.get(0).get("role").asString()).isEqualTo("system");
        assertThat(messages.get(0).get("content").asString()).isEqualTo("Be brief.");
        assertThat(messages.get(2).get("tool_calls").get(0).get("function").get("arguments").asString())
                .isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(messages.get(3).get("role").asString()).isEqualTo("tool");
        assertThat(messages.get(3).get("tool_call_id").asString()).isEqualTo("toolu_1");
        assertThat(messages.get(4).get("content").asString()).isEqualTo("Thanks");
        assertThat(chat.has("stream")).isFalse();
    }

    @Test
    void imagesAndPdfsBecomeDataUrlPartsAndAStreamAsksForUsage() {
        JsonNode chat = chat("""
                {"model":"gpt-4o-mini","max_tokens":8,"stream":true,"messages":[{"role":"user","content":[
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/a.jpg"}},
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}},
                  {"type":"text","text":"Describe"}]}]}""");
        JsonNode parts = chat.get("messages").get(0).get("content");
        assertThat(parts.get(0).get("image_url").get("url").asString()).isEqualTo("data:image/png;base64,iVBOR");
        assertThat(parts.get(1).get("image_url").get("url").asString()).isEqualTo("https://example.com/a.jpg");
        assertThat(parts.get(2).get("file").get("file_data").asString())
                .isEqualTo("data:application/pdf;base64,JVBE");
        assertThat(chat.get("stream_options").get("include_usage").asBoolean()).isTrue();
    }

    @Test
    void whatThePoolCannotCarryIsRefusedNamingTheField() {
        refused(() -> chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                "max_tokens: Field required");
        refused(() -> chat("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}"), "messages:");
        refused(() -> chat("{\"model\":\"m\",\"max_tokens\":5,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":"
                + "1024},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "thinking:");
        refused(() -> chat("{\"model\":\"m\",\"max_tokens\":5,\"tools\":[{\"type\":\"web_search_20250305\","
                + "\"name\":\"web_search\"}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "server tools");
        refused(() -> chat("{\"model\":\"m\",\"max_tokens\":5,\"frequency_penalty\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "Extra inputs are not permitted");
        refused(() -> chat("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}"),
                "messages.0.role");
    }

    @Test
    void countingTokensNeedsNoMaxTokens() {
        JsonNode chat = reader.toChat(codec.readTree("""
                {"model":"m","messages":[{"role":"user","content":"hi"}]}"""), true);
        assertThat(chat.has("max_tokens")).isFalse();
    }
}
