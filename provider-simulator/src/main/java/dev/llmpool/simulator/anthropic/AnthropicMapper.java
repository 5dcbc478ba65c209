package dev.llmpool.simulator.anthropic;

import dev.llmpool.simulator.anthropic.wire.BlockDelta;
import dev.llmpool.simulator.anthropic.wire.ContentBlock;
import dev.llmpool.simulator.anthropic.wire.DeltaUsage;
import dev.llmpool.simulator.anthropic.wire.ErrorBody;
import dev.llmpool.simulator.anthropic.wire.ErrorResponse;
import dev.llmpool.simulator.anthropic.wire.InputMessage;
import dev.llmpool.simulator.anthropic.wire.Message;
import dev.llmpool.simulator.anthropic.wire.MessageDelta;
import dev.llmpool.simulator.anthropic.wire.MessageStreamEvent;
import dev.llmpool.simulator.anthropic.wire.MessagesRequest;
import dev.llmpool.simulator.anthropic.wire.OutputConfig;
import dev.llmpool.simulator.anthropic.wire.StopDetails;
import dev.llmpool.simulator.anthropic.wire.ToolChoice;
import dev.llmpool.simulator.anthropic.wire.ToolDefinition;
import dev.llmpool.simulator.anthropic.wire.Usage;
import dev.llmpool.simulator.directive.InvalidDirectiveException;
import dev.llmpool.simulator.generation.Completion;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.generation.GenerationRequest;
import dev.llmpool.simulator.generation.OutputFormat;
import dev.llmpool.simulator.generation.OutputKind;
import dev.llmpool.simulator.generation.Prompt;
import dev.llmpool.simulator.generation.PromptMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pure conversions between Anthropic's Messages wire types and format-neutral generation: validation of the
 * request (with the API's {@code field: problem} messages) and building of the message and its stream events. No
 * I/O, no logging.
 */
final class AnthropicMapper {

    /** The model name that does not exist. */
    static final String MISSING_MODEL = "does-not-exist";

    /** The first API version; later ones are dates too (anthropic-java 3.12 sends {@code 2026-10-21}). */
    static final String FIRST_VERSION = "2023-01-01";

    static final String ASSISTANT = "assistant";
    static final String SERVICE_TIER = "standard";

    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> ROLES = Set.of("user", ASSISTANT);

    private final JsonMapper json;

    AnthropicMapper(JsonMapper json) {
        this.json = json;
    }

    // ---- request ----

    /**
     * The {@code anthropic-version} header must be present and name a version: a date from {@value #FIRST_VERSION}
     * on. Every such version gets today's wire format.
     */
    static void checkVersion(String version) {
        if (version == null || version.isBlank()) {
            throw AnthropicErrors.invalidRequest("anthropic-version: header is required");
        }
        String value = version.strip();
        if (!VERSION.matcher(value).matches() || value.compareTo(FIRST_VERSION) < 0) {
            throw AnthropicErrors.invalidRequest("anthropic-version: invalid version '" + value + "'. Use a dated"
                    + " version such as 2023-06-01.");
        }
    }

    /** Validates {@code request} as the API does and reduces it to what generation needs. */
    MessagesCall toCall(MessagesRequest request) {
        String model = request.model();
        if (model == null || model.isBlank()) {
            throw AnthropicErrors.fieldRequired("model");
        }
        if (request.maxTokens() == null) {
            throw AnthropicErrors.fieldRequired("max_tokens");
        }
        if (request.maxTokens() < 1) {
            throw AnthropicErrors.invalidRequest("max_tokens: Input should be greater than or equal to 1");
        }
        range("temperature", request.temperature());
        range("top_p", request.topP());
        if (request.topK() != null && request.topK() < 0) {
            throw AnthropicErrors.invalidRequest("top_k: Input should be greater than or equal to 0");
        }
        List<PromptMessage> messages = new ArrayList<>();
        String system = system(request.system());
        if (!system.isEmpty()) {
            messages.add(new PromptMessage("system", system));
        }
        messages.addAll(messages(request.messages()));
        List<String> stops = stopSequences(request.stopSequences());
        String tool = forcedTool(request.tools(), request.toolChoice());
        OutputFormat format = format(request.outputConfig());
        if (MISSING_MODEL.equals(model)) {
            throw AnthropicErrors.modelNotFound(model);
        }
        Prompt prompt;
        try {
            prompt = Prompt.of(messages);
        } catch (InvalidDirectiveException e) {
            throw AnthropicErrors.invalidRequest("messages: " + e.getMessage());
        }
        return new MessagesCall(new GenerationRequest(model, prompt, 1, request.maxTokens(), false, 0, format, tool,
                stops), Boolean.TRUE.equals(request.stream()));
    }

    private static void range(String field, Double value) {
        if (value == null) {
            return;
        }
        if (value < 0) {
            throw AnthropicErrors.invalidRequest(field + ": Input should be greater than or equal to 0");
        }
        if (value > 1) {
            throw AnthropicErrors.invalidRequest(field + ": Input should be less than or equal to 1");
        }
    }

    private static String system(JsonNode system) {
        if (system == null || system.isNull() || system.isMissingNode()) {
            return "";
        }
        if (system.isString()) {
            return system.stringValue();
        }
        if (!system.isArray()) {
            throw AnthropicErrors.invalidRequest("system: Input should be a valid string or a list of text blocks");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = system.get(i);
            if (!"text".equals(block.path("type").asString(""))) {
                throw AnthropicErrors.invalidRequest("system." + i + ".type: Input should be 'text'");
            }
            append(text, block.path("text").asString(""));
        }
        return text.toString();
    }

    private List<PromptMessage> messages(List<InputMessage> messages) {
        if (messages == null) {
            throw AnthropicErrors.fieldRequired("messages");
        }
        if (messages.isEmpty()) {
            throw AnthropicErrors.invalidRequest("messages: at least one message is required");
        }
        List<PromptMessage> result = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            InputMessage message = messages.get(i);
            String field = "messages." + i;
            if (message == null) {
                throw AnthropicErrors.invalidRequest(field + ": Input should be a valid dictionary");
            }
            if (message.role() == null) {
                throw AnthropicErrors.fieldRequired(field + ".role");
            }
            if ("system".equals(message.role())) {
                throw AnthropicErrors.invalidRequest("messages: Unexpected role \"system\". The Messages API accepts a"
                        + " top-level `system` parameter, not \"system\" as an input message role.");
            }
            if (!ROLES.contains(message.role())) {
                throw AnthropicErrors.invalidRequest(field + ".role: Input should be 'user' or 'assistant'");
            }
            result.add(new PromptMessage(message.role(), content(message.content(), field + ".content")));
        }
        return result;
    }

    /** A message's text: the string, or its text blocks, tool results and tool inputs joined by new lines. */
    private String content(JsonNode content, String field) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            throw AnthropicErrors.fieldRequired(field);
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (!content.isArray()) {
            throw AnthropicErrors.invalidRequest(field
                    + ": Input should be a valid string or a list of content blocks");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String type = block.path("type").asString("");
            switch (type) {
                case "" -> throw AnthropicErrors.fieldRequired(field + "." + i + ".type");
                case "text" -> append(text, block.path("text").asString(""));
                case "tool_use" -> {
                    requireText(block, "id", field + "." + i);
                    requireText(block, "name", field + "." + i);
                    append(text, block.has("input") ? block.get("input").toString() : "");
                }
                case "tool_result" -> {
                    requireText(block, "tool_use_id", field + "." + i);
                    JsonNode result = block.path("content");
                    if (!result.isMissingNode() && !result.isNull()) {
                        append(text, content(result, field + "." + i + ".content"));
                    }
                }
                default -> {
                    // images, documents, thinking: nothing the simulator reads
                }
            }
        }
        return text.toString();
    }

    private static void requireText(JsonNode block, String name, String field) {
        if (block.path(name).asString("").isEmpty()) {
            throw AnthropicErrors.fieldRequired(field + "." + name);
        }
    }

    private static void append(StringBuilder text, String part) {
        if (!text.isEmpty()) {
            text.append('\n');
        }
        text.append(part);
    }

    private static List<String> stopSequences(List<String> stops) {
        if (stops == null) {
            return List.of();
        }
        for (int i = 0; i < stops.size(); i++) {
            if (stops.get(i) == null) {
                throw AnthropicErrors.invalidRequest("stop_sequences." + i + ": Input should be a valid string");
            }
        }
        return stops;
    }

    /** The tool {@code tool_choice} forces: the named one, or the first for {@code any}; else {@code null}. */
    private static String forcedTool(List<ToolDefinition> tools, ToolChoice choice) {
        List<ToolDefinition> declared = tools == null ? List.of() : tools;
        for (int i = 0; i < declared.size(); i++) {
            ToolDefinition tool = declared.get(i);
            if (tool == null || tool.name() == null || tool.name().isBlank()) {
                throw AnthropicErrors.fieldRequired("tools." + i + ".name");
            }
            boolean custom = tool.type() == null || "custom".equals(tool.type());
            if (custom && (tool.inputSchema() == null || tool.inputSchema().isNull())) {
                throw AnthropicErrors.fieldRequired("tools." + i + ".custom.input_schema");
            }
        }
        if (choice == null) {
            return null;
        }
        if (choice.type() == null) {
            throw AnthropicErrors.fieldRequired("tool_choice.type");
        }
        return switch (choice.type()) {
            case "auto", "none" -> null;
            case "any" -> {
                if (declared.isEmpty()) {
                    throw AnthropicErrors.invalidRequest("tool_choice: tool_choice.type 'any' may only be specified"
                            + " while providing tools.");
                }
                yield declared.getFirst().name();
            }
            case "tool" -> {
                if (choice.name() == null || choice.name().isBlank()) {
                    throw AnthropicErrors.fieldRequired("tool_choice.tool.name");
                }
                yield choice.name();
            }
            default -> throw AnthropicErrors.invalidRequest("tool_choice.type: Input should be 'auto', 'any', 'tool'"
                    + " or 'none'");
        };
    }

    private static OutputFormat format(OutputConfig config) {
        if (config == null || config.format() == null) {
            return OutputFormat.TEXT;
        }
        if (!"json_schema".equals(config.format().type())) {
            throw AnthropicErrors.invalidRequest("output_config.format.type: Input should be 'json_schema'");
        }
        if (config.format().schema() == null || !config.format().schema().isObject()) {
            throw AnthropicErrors.fieldRequired("output_config.format.schema");
        }
        return OutputFormat.jsonSchema(config.format().schema());
    }

    // ---- non-streamed answer ----

    /** The whole message; Anthropic answers with one completion. */
    Message toMessage(String id, String model, Generation generation) {
        Completion completion = generation.completions().getFirst();
        return new Message(id, "message", ASSISTANT, model, List.of(block(completion, true)), stopReason(completion),
                completion.stopSequence(), stopDetails(completion), usage(generation, generation.completionTokens()));
    }

    private ContentBlock block(Completion completion, boolean complete) {
        if (completion.kind() == OutputKind.TOOL_CALL) {
            JsonNode input = complete ? json.readTree(completion.text()) : json.createObjectNode();
            String id = AnthropicIds.toolUseId(completion.toolCall().id());
            return ContentBlock.toolUse(id, completion.toolCall().name(), input);
        }
        return ContentBlock.text(complete ? completion.text() : "");
    }

    // ---- streamed answer ----

    /** {@code message_start}: the empty message, input tokens counted, output 1. */
    MessageStreamEvent messageStart(String id, String model, Generation generation) {
        return new MessageStreamEvent("message_start", new Message(id, "message", ASSISTANT, model, List.of(), null,
                null, null, usage(generation, 1)), null, null, null, null);
    }

    /** {@code content_block_start}: empty text, or the tool call with {@code input: {}}. */
    MessageStreamEvent blockStart(Completion completion) {
        return new MessageStreamEvent("content_block_start", null, 0, block(completion, false), null, null);
    }

    /** {@code content_block_delta} for piece {@code piece}: a {@code text_delta} or an {@code input_json_delta}. */
    MessageStreamEvent blockDelta(Completion completion, int piece) {
        String text = completion.pieces().get(piece);
        BlockDelta delta = completion.kind() == OutputKind.TOOL_CALL
                ? BlockDelta.inputJson(text)
                : BlockDelta.text(text);
        return new MessageStreamEvent("content_block_delta", null, 0, null, delta, null);
    }

    MessageStreamEvent blockStop() {
        return new MessageStreamEvent("content_block_stop", null, 0, null, null, null);
    }

    /** {@code message_delta}: the stop reason and the cumulative usage. */
    MessageStreamEvent messageDelta(Generation generation) {
        Completion completion = generation.completions().getFirst();
        return new MessageStreamEvent("message_delta", null, null, null, new MessageDelta(stopReason(completion),
                completion.stopSequence(), stopDetails(completion)), new DeltaUsage(generation.promptTokens(), 0, 0,
                generation.completionTokens()));
    }

    MessageStreamEvent messageStop() {
        return event("message_stop");
    }

    MessageStreamEvent ping() {
        return event("ping");
    }

    /** The {@code event: error} that cuts a stream: the API is overloaded. */
    static ErrorResponse streamError() {
        return new ErrorResponse(new ErrorBody(AnthropicErrors.OVERLOADED, "Overloaded"), null);
    }

    private static MessageStreamEvent event(String type) {
        return new MessageStreamEvent(type, null, null, null, null, null);
    }

    // ---- shared ----

    static String stopReason(Completion completion) {
        if (completion.kind() == OutputKind.REFUSAL) {
            return "refusal";
        }
        return switch (completion.finishReason()) {
            case STOP -> "end_turn";
            case LENGTH -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
        };
    }

    private static StopDetails stopDetails(Completion completion) {
        return "refusal".equals(stopReason(completion)) ? new StopDetails("refusal", null, null) : null;
    }

    private static Usage usage(Generation generation, int outputTokens) {
        return new Usage(generation.promptTokens(), 0, 0, outputTokens, SERVICE_TIER);
    }
}
