package dev.llmpool.schemas.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One chat message. {@code content} stays a JSON node because OpenAI allows a string, an array of
 * content parts, or null; fields this record does not name are kept in {@code extra} and written back.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatMessage(
        String role,
        JsonNode content,
        String name,
        List<ToolCall> toolCalls,
        String toolCallId,
        String refusal,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    public ChatMessage {
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public static ChatMessage of(String role, String text) {
        return new ChatMessage(role, text == null ? null : tools.jackson.databind.node.StringNode.valueOf(text),
                null, null, null, null, null);
    }

    public static ChatMessage assistant(String text, List<ToolCall> toolCalls, String refusal) {
        return new ChatMessage("assistant", text == null ? null : tools.jackson.databind.node.StringNode.valueOf(text),
                null, toolCalls == null || toolCalls.isEmpty() ? null : toolCalls, null, refusal, null);
    }

    /** The text of this message: the string content, or the text parts joined; empty when there is none. */
    public String text() {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder sb = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                JsonNode text = part.get("text");
                if (text != null && text.isString()) {
                    if (!sb.isEmpty()) {
                        sb.append('\n');
                    }
                    sb.append(text.asString());
                }
            }
        }
        return sb.toString();
    }
}
