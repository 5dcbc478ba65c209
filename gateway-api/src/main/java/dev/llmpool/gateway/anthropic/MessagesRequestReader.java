package dev.llmpool.gateway.anthropic;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.anthropic.ContentBlock;
import dev.llmpool.schemas.anthropic.ToolChoice;
import dev.llmpool.schemas.anthropic.ToolDefinition;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.translate.AnthropicTerms;
import dev.llmpool.schemas.translate.Untranslatable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an Anthropic Messages body ({@code POST /v1/messages}, {@code /v1/messages/count_tokens}) into the OpenAI
 * Chat Completions body the pool runs, the inverse of the workers' Anthropic mapper and with the same
 * {@link AnthropicTerms}: {@code system} (a string or text blocks) becomes the system message; a user turn's
 * {@code tool_result} blocks become {@code tool} messages ahead of its other blocks (text, images, PDF documents);
 * an assistant turn's text and {@code tool_use} blocks become its content and tool calls ({@code thinking} blocks
 * are dropped: they change nothing an OpenAI-shaped model reads); {@code max_tokens}, {@code stop_sequences},
 * {@code temperature}, {@code top_p}, {@code top_k}, {@code tools}, {@code tool_choice}, {@code metadata.user_id}
 * and {@code output_config.format} map to their chat counterparts; {@code stream} asks for a stream with usage.
 *
 * <p>What the pool cannot carry is refused here, as Anthropic's 400 ({@code invalid_request_error}), never dropped:
 * extended thinking, server tools, MCP servers, containers, context management, citations-only blocks and any
 * unknown top-level field ("Extra inputs are not permitted", as Anthropic words it). Prompt-caching markers
 * ({@code cache_control}) and {@code service_tier} change nothing in the answer and are accepted. Pure.
 */
public final class MessagesRequestReader {

    private static final Set<String> FIELDS = Set.of("model", "messages", "system", "max_tokens", "metadata",
            "stop_sequences", "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking",
            "service_tier", "output_config", "container", "mcp_servers", "context_management");
    private static final Set<String> REFUSED = Set.of("container", "mcp_servers", "context_management");

    private final JsonCodec codec;

    public MessagesRequestReader(JsonCodec codec) {
        this.codec = codec;
    }

    /**
     * The chat body of a Messages body.
     *
     * @param countOnly true for {@code count_tokens}: {@code max_tokens} is not required and {@code stream} not read
     * @throws ApiException a 400 naming the field at fault, Anthropic's way ({@code messages.0.content: ...})
     */
    public ObjectNode toChat(JsonNode body, boolean countOnly) {
        try {
            return read(body, countOnly);
        } catch (Untranslatable e) {
            throw ApiException.invalidRequest(e.getMessage(), e.param(), e.errorClass().code());
        }
    }

    private ObjectNode read(JsonNode body, boolean countOnly) {
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field) && !(countOnly && field.equals("stream"))) {
                throw invalid(field, "Extra inputs are not permitted");
            }
        }
        for (String field : REFUSED) {
            if (body.hasNonNull(field)) {
                throw invalid(field, "not supported by this gateway");
            }
        }
        ObjectNode chat = codec.mapper().createObjectNode();
        chat.set("model", requiredString(body, "model"));
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens == null || maxTokens.isNull()) {
            if (!countOnly) {
                throw invalid("max_tokens", "Field required");
            }
        } else if (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1 || maxTokens.asLong() > Integer.MAX_VALUE) {
            throw invalid("max_tokens", "Input should be a positive integer");
        } else {
            chat.put("max_tokens", maxTokens.asInt());
        }
        ArrayNode messages = chat.putArray("messages");
        system(body.get("system"), messages);
        JsonNode turns = body.get("messages");
        if (turns == null || turns.isNull()) {
            throw invalid("messages", "Field required");
        }
        if (!turns.isArray()) {
            throw invalid("messages", "Input should be a valid list");
        }
        if (turns.isEmpty()) {
            throw invalid("messages", "at least one message is required");
        }
        for (int i = 0; i < turns.size(); i++) {
            turn(turns.get(i), "messages." + i, messages);
        }
        thinking(body.get("thinking"));
        number(body, "temperature", 0, 1, chat);
        number(body, "top_p", 0, 1, chat);
        JsonNode topK = body.get("top_k");
        if (topK != null && !topK.isNull()) {
            if (!topK.isIntegralNumber() || topK.asLong() < 0) {
                throw invalid("top_k", "Input should be a non-negative integer");
            }
            chat.put("top_k", topK.asInt());
        }
        stopSequences(body.get("stop_sequences"), chat);
        tools(body, chat);
        user(body.get("metadata"), chat);
        outputFormat(body.get("output_config"), chat);
        if (!countOnly && body.path("stream").asBoolean(false)) {
            if (!body.get("stream").isBoolean()) {
                throw invalid("stream", "Input should be a valid boolean");
            }
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        return chat;
    }

    private static JsonNode requiredString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw invalid(field, "Field required");
        }
        if (!value.isString() || value.asString().isBlank()) {
            throw invalid(field, "Input should be a non-empty string");
        }
        return value;
    }

    private static void system(JsonNode system, ArrayNode messages) {
        if (system == null || system.isNull()) {
            return;
        }
        String text;
        if (system.isString()) {
            text = system.asString();
        } else if (system.isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < system.size(); i++) {
                JsonNode block = system.get(i);
                if (!"text".equals(block.path("type").asString(""))) {
                    throw invalid("system." + i + ".type", "Input should be 'text'");
                }
                parts.add(block.path("text").asString(""));
            }
            text = String.join("\n\n", parts);
        } else {
            throw invalid("system", "Input should be a valid string or a list of text blocks");
        }
        if (!text.isEmpty()) {
            ObjectNode message = messages.addObject();
            message.put("role", "system");
            message.put("content", text);
        }
    }

    private void turn(JsonNode turn, String at, ArrayNode messages) {
        if (!turn.isObject()) {
            throw invalid(at, "Input should be a valid dictionary");
        }
        String role = turn.path("role").asString("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw invalid(at + ".role", "Input should be 'user' or 'assistant'");
        }
        JsonNode content = turn.get("content");
        if (content == null || content.isNull()) {
            throw invalid(at + ".content", "Field required");
        }
        if (content.isString()) {
            ObjectNode message = messages.addObject();
            message.put("role", role);
            message.put("content", content.asString());
            return;
        }
        if (!content.isArray()) {
            throw invalid(at + ".content", "Input should be a valid string or list");
        }
        List<ContentBlock> blocks = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            blocks.add(block(content.get(i), at + ".content." + i));
        }
        if (role.equals("user")) {
            userTurn(blocks, at, messages);
        } else {
            assistantTurn(blocks, at, messages);
        }
    }

    private ContentBlock block(JsonNode block, String at) {
        if (!block.isObject() || !block.hasNonNull("type")) {
            throw invalid(at + ".type", "Field required");
        }
        try {
            return codec.fromTree(block, ContentBlock.class);
        } catch (JacksonException e) {
            throw invalid(at, e.getOriginalMessage());
        }
    }

    private static void userTurn(List<ContentBlock> blocks, String at, ArrayNode messages) {
        ArrayNode parts = messages.arrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            ContentBlock block = blocks.get(i);
            String where = at + ".content." + i;
            switch (block.type()) {
                case "text" -> {
                    ObjectNode part = parts.addObject();
                    part.put("type", "text");
                    part.put("text", block.text() == null ? "" : block.text());
                }
                case "image", "document" -> parts.add(AnthropicTerms.contentPart(block));
                case "tool_result" -> {
                    if (block.toolUseId() == null || block.toolUseId().isBlank()) {
                        throw invalid(where + ".tool_use_id", "Field required");
                    }
                    ObjectNode tool = messages.addObject();
                    tool.put("role", "tool");
                    tool.put("tool_call_id", block.toolUseId());
                    tool.put("content", toolResultText(block.content(), where));
                }
                default -> throw invalid(where + ".type", "blocks of type '" + block.type()
                        + "' are not supported in a user turn by this gateway");
            }
        }
        if (!parts.isEmpty()) {
            ObjectNode message = messages.addObject();
            message.put("role", "user");
            if (parts.size() == 1 && "text".equals(parts.get(0).path("type").asString(""))) {
                message.put("content", parts.get(0).path("text").asString(""));
            } else {
                message.set("content", parts);
            }
        }
    }

    private static String toolResultText(JsonNode content, String at) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asString(""))) {
                throw invalid(at + ".content", "tool results other than text are not supported by this gateway");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(part.path("text").asString(""));
        }
        return text.toString();
    }

    private void assistantTurn(List<ContentBlock> blocks, String at, ArrayNode messages) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = messages.arrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            ContentBlock block = blocks.get(i);
            switch (block.type()) {
                case "text" -> text.append(block.text() == null ? "" : block.text());
                case "tool_use" -> {
                    if (block.id() == null || block.name() == null) {
                        throw invalid(at + ".content." + i, "a tool_use block needs an id and a name");
                    }
                    ObjectNode call = calls.addObject();
                    call.put("id", block.id());
                    call.put("type", "function");
                    ObjectNode function = call.putObject("function");
                    function.put("name", block.name());
                    function.put("arguments", block.input() == null || block.input().isNull() ? "{}"
                            : codec.toJson(block.input()));
                }
                case "thinking", "redacted_thinking" -> {
                    // earlier reasoning: nothing an OpenAI-shaped answer reads
                }
                default -> throw invalid(at + ".content." + i + ".type", "blocks of type '" + block.type()
                        + "' are not supported in an assistant turn by this gateway");
            }
        }
        ObjectNode message = messages.addObject();
        message.put("role", "assistant");
        if (!text.isEmpty() || calls.isEmpty()) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
    }

    private static void thinking(JsonNode thinking) {
        if (thinking == null || thinking.isNull()) {
            return;
        }
        if (!"disabled".equals(thinking.path("type").asString(""))) {
            throw invalid("thinking", "extended thinking is not supported by this gateway (models of every "
                    + "provider answer through it); leave it out or set {\"type\": \"disabled\"}");
        }
    }

    private static void number(JsonNode body, String field, double min, double max, ObjectNode chat) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw invalid(field, "Input should be a number from " + (int) min + " to " + (int) max);
        }
        chat.set(field, value);
    }

    private static void stopSequences(JsonNode stops, ObjectNode chat) {
        if (stops == null || stops.isNull()) {
            return;
        }
        if (!stops.isArray()) {
            throw invalid("stop_sequences", "Input should be a valid list");
        }
        for (JsonNode stop : stops) {
            if (!stop.isString()) {
                throw invalid("stop_sequences", "Input should be a list of strings");
            }
        }
        if (!stops.isEmpty()) {
            chat.set("stop", stops);
        }
    }

    private void tools(JsonNode body, ObjectNode chat) {
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw invalid("tools", "Input should be a valid list");
            }
            List<ToolDefinition> definitions = new ArrayList<>();
            for (JsonNode tool : tools) {
                definitions.add(codec.fromTree(tool, ToolDefinition.class));
            }
            ArrayNode functions = AnthropicTerms.openAiTools(definitions);
            if (functions != null) {
                chat.set("tools", functions);
            }
        }
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            if (!choice.isObject()) {
                throw invalid("tool_choice", "Input should be a valid dictionary");
            }
            AnthropicTerms.OpenAiToolChoice openAi = AnthropicTerms.openAiToolChoice(
                    codec.fromTree(choice, ToolChoice.class));
            chat.set("tool_choice", openAi.toolChoice());
            if (openAi.parallelToolCalls() != null) {
                chat.put("parallel_tool_calls", openAi.parallelToolCalls());
            }
        }
    }

    private static void user(JsonNode metadata, ObjectNode chat) {
        if (metadata == null || metadata.isNull()) {
            return;
        }
        if (!metadata.isObject()) {
            throw invalid("metadata", "Input should be a valid dictionary");
        }
        JsonNode user = metadata.get("user_id");
        if (user != null && user.isString() && !user.asString().isBlank()) {
            chat.put("user", user.asString());
        }
    }

    private static void outputFormat(JsonNode config, ObjectNode chat) {
        if (config == null || config.isNull()) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : config.properties()) {
            if (!entry.getKey().equals("format")) {
                throw invalid("output_config." + entry.getKey(), "not supported by this gateway");
            }
        }
        JsonNode format = config.get("format");
        if (format == null || format.isNull()) {
            return;
        }
        if (!"json_schema".equals(format.path("type").asString("")) || !format.path("schema").isObject()) {
            throw invalid("output_config.format", "Input should be {\"type\": \"json_schema\", \"schema\": {...}}");
        }
        ObjectNode responseFormat = chat.putObject("response_format");
        responseFormat.put("type", "json_schema");
        ObjectNode schema = responseFormat.putObject("json_schema");
        schema.put("name", "output");
        schema.set("schema", format.get("schema"));
    }

    private static ApiException invalid(String field, String problem) {
        return ApiException.invalidRequest(field + ": " + problem, field, "invalid_request");
    }
}
