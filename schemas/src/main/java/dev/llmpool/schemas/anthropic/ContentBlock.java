package dev.llmpool.schemas.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.node.StringNode;

/**
 * A content block, in a request or an answer: {@code text}, {@code image}, {@code document}, {@code tool_use},
 * {@code tool_result}, {@code thinking}, {@code redacted_thinking}, or a type this adapter does not read (kept by
 * {@code type} only).
 *
 * @param input   a {@code tool_use} block's arguments (an object)
 * @param content a {@code tool_result} block's content (sent as a string; server tools' result blocks answer arrays)
 * @param source  an {@code image}/{@code document} block's source
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContentBlock(
        String type,
        String text,
        String id,
        String name,
        JsonNode input,
        String toolUseId,
        JsonNode content,
        Boolean isError,
        BlockSource source,
        String thinking,
        String signature) {

    public static ContentBlock text(String text) {
        return new ContentBlock("text", text, null, null, null, null, null, null, null, null, null);
    }

    public static ContentBlock toolUse(String id, String name, JsonNode input) {
        return new ContentBlock("tool_use", null, id, name, input, null, null, null, null, null, null);
    }

    public static ContentBlock toolResult(String toolUseId, String content) {
        return new ContentBlock("tool_result", null, null, null, null, toolUseId, StringNode.valueOf(content), null,
                null, null, null);
    }

    public static ContentBlock media(String type, BlockSource source) {
        return new ContentBlock(type, null, null, null, null, null, null, null, source, null, null);
    }
}
