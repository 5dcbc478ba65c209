package dev.llmpool.gateway.responses;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.json.JsonCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an OpenAI Responses body ({@code POST /v1/responses}) into the Chat Completions body the pool runs:
 * {@code instructions} as the system message, then the stored conversation of {@code previous_response_id}, then
 * {@code input} (a string, or items: messages with {@code input_text}, {@code input_image}, {@code input_file} and
 * {@code output_text} parts, {@code function_call} items as the assistant's tool calls, {@code function_call_output}
 * items as tool messages; {@code reasoning} items are dropped); function {@code tools} (flat, as the Responses API
 * spells them) and {@code tool_choice}, {@code max_output_tokens} as {@code max_completion_tokens},
 * {@code text.format} as {@code response_format}, {@code reasoning.effort} as {@code reasoning_effort}, and
 * {@code temperature}, {@code top_p}, {@code parallel_tool_calls}, {@code user}. What has no chat form (hosted tools,
 * background mode, conversations, prompt templates) and any unknown parameter is refused with OpenAI's 400. Pure.
 */
public final class ResponsesRequestReader {

    private static final Set<String> FIELDS = Set.of("model", "input", "instructions", "previous_response_id",
            "tools", "tool_choice", "parallel_tool_calls", "max_output_tokens", "temperature", "top_p", "text",
            "reasoning", "store", "stream", "stream_options", "metadata", "user", "safety_identifier", "truncation",
            "service_tier", "include", "prompt_cache_key", "background", "conversation", "prompt", "top_logprobs",
            "max_tool_calls");
    private static final Set<String> ROLES = Set.of("user", "system", "developer", "assistant");

    /**
     * A read request.
     *
     * @param chat     the chat body: instructions, history and input as messages
     * @param input    this request's input as chat messages (the conversation to store, after the history)
     * @param response the response as it starts ({@code in_progress}, no output): the request's settings echoed
     * @param store    whether the response is kept for {@code GET} and chaining
     */
    public record Read(ObjectNode chat, ArrayNode input, ResponseObject response, boolean store) {
    }

    private final JsonCodec codec;

    public ResponsesRequestReader(JsonCodec codec) {
        this.codec = codec;
    }

    /** {@code previous_response_id}, or null. */
    public static String previousResponseId(JsonNode body) {
        JsonNode previous = body.get("previous_response_id");
        if (previous == null || previous.isNull()) {
            return null;
        }
        if (!previous.isString() || previous.asString().isBlank()) {
            throw ApiException.invalidType("previous_response_id", "a string", "something else");
        }
        return previous.asString();
    }

    /**
     * @param history the chat messages of the previous response's conversation (empty without one)
     */
    public Read read(JsonNode body, ArrayNode history, String id, long createdAt) {
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.invalidRequest("Unknown parameter: '" + field + "'.", field, "unknown_parameter");
            }
        }
        for (String field : List.of("background", "conversation", "prompt")) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull() && !(value.isBoolean() && !value.asBoolean())) {
                throw unsupported(field);
            }
        }
        JsonNode topLogprobs = body.get("top_logprobs");
        if (topLogprobs != null && !topLogprobs.isNull() && topLogprobs.asInt(0) > 0) {
            throw unsupported("top_logprobs");
        }
        ObjectNode chat = codec.mapper().createObjectNode();
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw ApiException.missingParameter("model");
        }
        chat.set("model", model);
        ArrayNode messages = chat.putArray("messages");
        String instructions = optionalString(body, "instructions");
        if (instructions != null && !instructions.isEmpty()) {
            ObjectNode system = messages.addObject();
            system.put("role", "system");
            system.put("content", instructions);
        }
        messages.addAll(history);
        ArrayNode input = input(body.get("input"));
        messages.addAll(input);
        ArrayNode tools = tools(body.get("tools"));
        if (!tools.isEmpty()) {
            chat.set("tools", tools);
        }
        JsonNode toolChoice = toolChoice(body.get("tool_choice"));
        if (toolChoice != null) {
            chat.set("tool_choice", toolChoice);
        }
        copy(body, "parallel_tool_calls", chat, "parallel_tool_calls");
        copy(body, "max_output_tokens", chat, "max_completion_tokens");
        copy(body, "temperature", chat, "temperature");
        copy(body, "top_p", chat, "top_p");
        String user = optionalString(body, "user");
        String safety = optionalString(body, "safety_identifier");
        if (user != null || safety != null) {
            chat.put("user", user != null ? user : safety);
        }
        JsonNode text = body.get("text");
        responseFormat(text, chat);
        JsonNode reasoning = body.get("reasoning");
        if (reasoning != null && reasoning.isObject() && reasoning.hasNonNull("effort")) {
            chat.set("reasoning_effort", reasoning.get("effort"));
        }
        boolean stream = body.path("stream").asBoolean(false);
        if (stream) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        boolean store = !body.hasNonNull("store") || body.get("store").asBoolean(true);
        ResponseObject response = ResponseObject.started(id, createdAt, model.asString(""))
                .instructions(instructions)
                .maxOutputTokens(body.hasNonNull("max_output_tokens") ? body.get("max_output_tokens").asInt() : null)
                .parallelToolCalls(body.path("parallel_tool_calls").asBoolean(true))
                .previousResponseId(previousResponseId(body))
                .reasoning(reasoning == null || reasoning.isNull() ? null : reasoning)
                .store(store)
                .temperature(body.hasNonNull("temperature") ? body.get("temperature").asDouble() : 1.0)
                .text(text != null && text.isObject() ? text : defaultText())
                .toolChoice(toolChoice == null ? codec.mapper().getNodeFactory().stringNode("auto")
                        : body.get("tool_choice"))
                .tools(body.hasNonNull("tools") ? body.get("tools") : codec.mapper().createArrayNode())
                .topP(body.hasNonNull("top_p") ? body.get("top_p").asDouble() : 1.0)
                .truncation(body.path("truncation").asString("disabled"))
                .user(user)
                .metadata(metadata(body.get("metadata")))
                .build();
        return new Read(chat, input, response, store);
    }

    private ArrayNode input(JsonNode input) {
        ArrayNode messages = codec.mapper().createArrayNode();
        if (input == null || input.isNull()) {
            throw ApiException.missingParameter("input");
        }
        if (input.isString()) {
            ObjectNode message = messages.addObject();
            message.put("role", "user");
            message.put("content", input.asString());
            return messages;
        }
        if (!input.isArray()) {
            throw ApiException.invalidType("input", "a string or an array", "something else");
        }
        for (int i = 0; i < input.size(); i++) {
            item(input.get(i), "input[" + i + "]", messages);
        }
        if (messages.isEmpty()) {
            throw ApiException.invalidRequest("Invalid 'input': the input has no message.", "input", "empty_array");
        }
        return messages;
    }

    private void item(JsonNode item, String at, ArrayNode messages) {
        if (!item.isObject()) {
            throw ApiException.invalidType(at, "an object", "something else");
        }
        String type = item.path("type").asString(item.has("role") ? "message" : "");
        switch (type) {
            case "message" -> message(item, at, messages);
            case "function_call" -> {
                String callId = required(item, "call_id", at);
                ObjectNode call = codec.mapper().createObjectNode();
                call.put("id", callId);
                call.put("type", "function");
                ObjectNode function = call.putObject("function");
                function.put("name", required(item, "name", at));
                function.put("arguments", item.path("arguments").asString("{}"));
                ObjectNode last = messages.isEmpty() ? null : (ObjectNode) messages.get(messages.size() - 1);
                if (last != null && "assistant".equals(last.path("role").asString(""))) {
                    (last.has("tool_calls") ? (ArrayNode) last.get("tool_calls") : last.putArray("tool_calls"))
                            .add(call);
                } else {
                    ObjectNode assistant = messages.addObject();
                    assistant.put("role", "assistant");
                    assistant.putNull("content");
                    assistant.putArray("tool_calls").add(call);
                }
            }
            case "function_call_output" -> {
                ObjectNode tool = messages.addObject();
                tool.put("role", "tool");
                tool.put("tool_call_id", required(item, "call_id", at));
                JsonNode output = item.get("output");
                tool.put("content", output == null || output.isNull() ? "" : output.isString() ? output.asString()
                        : texts(output, at + ".output"));
            }
            case "reasoning" -> {
                // an earlier answer's reasoning: nothing a chat model reads
            }
            default -> throw ApiException.invalidRequest("Invalid value for '" + at + ".type': items of type '"
                    + type + "' are not supported by this gateway (messages, function_call and "
                    + "function_call_output are).", at + ".type", "unsupported_value");
        }
    }

    private void message(JsonNode item, String at, ArrayNode messages) {
        String role = item.path("role").asString("");
        if (!ROLES.contains(role)) {
            throw ApiException.invalidRequest("Invalid value: '" + role + "'. Supported values are: 'user', "
                    + "'system', 'developer' and 'assistant'.", at + ".role", "invalid_value");
        }
        JsonNode content = item.get("content");
        ObjectNode message = messages.addObject();
        message.put("role", role);
        if (content == null || content.isNull()) {
            throw ApiException.missingParameter(at + ".content");
        }
        if (content.isString()) {
            message.put("content", content.asString());
            return;
        }
        if (!content.isArray()) {
            throw ApiException.invalidType(at + ".content", "a string or an array", "something else");
        }
        if (role.equals("assistant")) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                String type = part.path("type").asString("");
                if (type.equals("output_text") || type.equals("input_text")) {
                    text.append(part.path("text").asString(""));
                } else if (type.equals("refusal")) {
                    message.put("refusal", part.path("refusal").asString(""));
                } else {
                    throw unsupportedPart(at, type);
                }
            }
            message.put("content", text.toString());
            return;
        }
        ArrayNode parts = message.putArray("content");
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asString("");
            ObjectNode chatPart = parts.addObject();
            switch (type) {
                case "input_text", "output_text" -> {
                    chatPart.put("type", "text");
                    chatPart.put("text", part.path("text").asString(""));
                }
                case "input_image" -> {
                    if (!part.hasNonNull("image_url")) {
                        throw ApiException.invalidRequest("Invalid '" + at + ".content[" + i + "]': input_image "
                                + "needs image_url (file ids are not supported by this gateway).",
                                at + ".content[" + i + "]", "unsupported_value");
                    }
                    chatPart.put("type", "image_url");
                    ObjectNode image = chatPart.putObject("image_url");
                    image.set("url", part.get("image_url"));
                    if (part.hasNonNull("detail")) {
                        image.set("detail", part.get("detail"));
                    }
                }
                case "input_file" -> {
                    if (!part.hasNonNull("file_data")) {
                        throw ApiException.invalidRequest("Invalid '" + at + ".content[" + i + "]': input_file "
                                + "needs file_data (file ids and URLs are not supported by this gateway).",
                                at + ".content[" + i + "]", "unsupported_value");
                    }
                    chatPart.put("type", "file");
                    ObjectNode file = chatPart.putObject("file");
                    file.set("file_data", part.get("file_data"));
                    if (part.hasNonNull("filename")) {
                        file.set("filename", part.get("filename"));
                    }
                }
                default -> throw unsupportedPart(at, type);
            }
        }
    }

    private static String texts(JsonNode output, String at) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : output) {
            if (!"input_text".equals(part.path("type").asString("")) && !"output_text".equals(
                    part.path("type").asString(""))) {
                throw unsupportedPart(at, part.path("type").asString(""));
            }
            text.append(part.path("text").asString(""));
        }
        return text.toString();
    }

    private ArrayNode tools(JsonNode tools) {
        ArrayNode functions = codec.mapper().createArrayNode();
        if (tools == null || tools.isNull()) {
            return functions;
        }
        if (!tools.isArray()) {
            throw ApiException.invalidType("tools", "an array", "something else");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asString("");
            if (!type.equals("function")) {
                throw ApiException.invalidRequest("Invalid value for 'tools[" + i + "].type': '" + type + "' tools "
                        + "run at OpenAI and are not supported by this gateway (function tools are).",
                        "tools[" + i + "].type", "unsupported_value");
            }
            ObjectNode function = codec.mapper().createObjectNode();
            function.put("name", required(tool, "name", "tools[" + i + "]"));
            for (String field : List.of("description", "parameters", "strict")) {
                if (tool.hasNonNull(field)) {
                    function.set(field, tool.get(field));
                }
            }
            ObjectNode wrapped = functions.addObject();
            wrapped.put("type", "function");
            wrapped.set("function", function);
        }
        return functions;
    }

    private JsonNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isString()) {
            return switch (choice.asString()) {
                case "auto", "none", "required" -> choice;
                default -> throw ApiException.invalidValue("tool_choice", "must be 'auto', 'none', 'required' or a "
                        + "function.");
            };
        }
        if ("function".equals(choice.path("type").asString("")) && choice.hasNonNull("name")) {
            ObjectNode named = codec.mapper().createObjectNode();
            named.put("type", "function");
            named.putObject("function").set("name", choice.get("name"));
            return named;
        }
        throw ApiException.invalidRequest("Invalid value for 'tool_choice': only 'auto', 'none', 'required' and "
                + "{\"type\": \"function\", \"name\": ...} are supported by this gateway.", "tool_choice",
                "unsupported_value");
    }

    private void responseFormat(JsonNode text, ObjectNode chat) {
        if (text == null || text.isNull()) {
            return;
        }
        if (text.hasNonNull("verbosity")) {
            chat.set("verbosity", text.get("verbosity"));
        }
        JsonNode format = text.get("format");
        if (format == null || format.isNull()) {
            return;
        }
        String type = format.path("type").asString("text");
        switch (type) {
            case "text" -> {
                // the default
            }
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode responseFormat = chat.putObject("response_format");
                responseFormat.put("type", "json_schema");
                ObjectNode schema = responseFormat.putObject("json_schema");
                for (String field : List.of("name", "description", "schema", "strict")) {
                    if (format.hasNonNull(field)) {
                        schema.set(field, format.get(field));
                    }
                }
            }
            default -> throw ApiException.invalidValue("text.format.type", "must be 'text', 'json_object' or "
                    + "'json_schema'.");
        }
    }

    private ObjectNode defaultText() {
        ObjectNode text = codec.mapper().createObjectNode();
        text.putObject("format").put("type", "text");
        return text;
    }

    private static Map<String, String> metadata(JsonNode metadata) {
        Map<String, String> values = new LinkedHashMap<>();
        if (metadata == null || metadata.isNull()) {
            return values;
        }
        if (!metadata.isObject() || metadata.size() > 16) {
            throw ApiException.invalidValue("metadata", "must be an object of at most 16 string values.");
        }
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
            values.put(entry.getKey(), entry.getValue().asString(""));
        }
        return values;
    }

    private static void copy(JsonNode body, String from, ObjectNode chat, String to) {
        JsonNode value = body.get(from);
        if (value != null && !value.isNull()) {
            chat.set(to, value);
        }
    }

    private static String optionalString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiException.invalidType(field, "a string", "something else");
        }
        return value.asString();
    }

    private static String required(JsonNode item, String field, String at) {
        JsonNode value = item.get(field);
        if (value == null || !value.isString() || value.asString().isEmpty()) {
            throw ApiException.missingParameter(at + "." + field);
        }
        return value.asString();
    }

    private static ApiException unsupported(String field) {
        return ApiException.invalidRequest("The '" + field + "' parameter is not supported by this gateway.", field,
                "unsupported_parameter");
    }

    private static ApiException unsupportedPart(String at, String type) {
        return ApiException.invalidRequest("Invalid value for '" + at + ".content': parts of type '" + type
                + "' are not supported by this gateway.", at + ".content", "unsupported_value");
    }
}
