package dev.llmpool.simulator.openai;

import dev.llmpool.simulator.directive.InvalidDirectiveException;
import dev.llmpool.simulator.generation.Completion;
import dev.llmpool.simulator.generation.FinishReason;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.generation.GenerationRequest;
import dev.llmpool.simulator.generation.OutputFormat;
import dev.llmpool.simulator.generation.Prompt;
import dev.llmpool.simulator.generation.PromptMessage;
import dev.llmpool.simulator.generation.TokenLogprob;
import dev.llmpool.simulator.generation.TopLogprob;
import dev.llmpool.simulator.openai.wire.AssistantMessage;
import dev.llmpool.simulator.openai.wire.ChatCompletion;
import dev.llmpool.simulator.openai.wire.ChatCompletionChunk;
import dev.llmpool.simulator.openai.wire.ChatCompletionRequest;
import dev.llmpool.simulator.openai.wire.Choice;
import dev.llmpool.simulator.openai.wire.ChoiceLogprobs;
import dev.llmpool.simulator.openai.wire.ChunkChoice;
import dev.llmpool.simulator.openai.wire.ChunkDelta;
import dev.llmpool.simulator.openai.wire.CompletionTokensDetails;
import dev.llmpool.simulator.openai.wire.FunctionCall;
import dev.llmpool.simulator.openai.wire.FunctionCallDelta;
import dev.llmpool.simulator.openai.wire.LogprobAlternative;
import dev.llmpool.simulator.openai.wire.LogprobToken;
import dev.llmpool.simulator.openai.wire.MessageToolCall;
import dev.llmpool.simulator.openai.wire.PromptTokensDetails;
import dev.llmpool.simulator.openai.wire.RequestMessage;
import dev.llmpool.simulator.openai.wire.ResponseFormat;
import dev.llmpool.simulator.openai.wire.ToolCallDelta;
import dev.llmpool.simulator.openai.wire.ToolDefinition;
import dev.llmpool.simulator.openai.wire.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Pure conversions between OpenAI's wire types and format-neutral generation: validation of the request (with
 * the API's error messages) and building of completions and chunks. No I/O, no logging.
 */
final class OpenAiMapper {

    /** The model name that does not exist. */
    static final String MISSING_MODEL = "does-not-exist";

    static final String CHAT_COMPLETION = "chat.completion";
    static final String CHAT_COMPLETION_CHUNK = "chat.completion.chunk";
    static final String SYSTEM_FINGERPRINT = "fp_sim";
    static final String SERVICE_TIER = "default";
    static final String ASSISTANT = "assistant";
    static final String FUNCTION = "function";

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final int MAX_CHOICES = 128;
    private static final int MAX_TOP_LOGPROBS = 20;
    private static final int MAX_STOP = 4;

    // ---- request ----

    /** Validates {@code request} as the API does and reduces it to what generation needs. */
    ChatCall toCall(ChatCompletionRequest request) {
        String model = request.model();
        if (model == null || model.isBlank()) {
            throw OpenAiErrors.missingParameter("model");
        }
        if (MISSING_MODEL.equals(model)) {
            throw OpenAiErrors.modelNotFound(model);
        }
        List<PromptMessage> messages = messages(request.messages());
        int choices = choices(request.n());
        int maxTokens = maxTokens(request);
        boolean logprobs = Boolean.TRUE.equals(request.logprobs());
        int topLogprobs = topLogprobs(request.topLogprobs(), logprobs);
        boolean stream = Boolean.TRUE.equals(request.stream());
        if (!stream && request.streamOptions() != null) {
            throw OpenAiErrors.invalidValue("stream_options",
                    "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        }
        boolean includeUsage = stream && request.streamOptions() != null
                && Boolean.TRUE.equals(request.streamOptions().includeUsage());
        OutputFormat format = format(request.responseFormat());
        String tool = forcedTool(request.tools(), request.toolChoice());
        Prompt prompt;
        try {
            prompt = Prompt.of(messages);
        } catch (InvalidDirectiveException e) {
            throw OpenAiErrors.invalidValue("messages", e.getMessage());
        }
        List<String> stop = stop(request.stop());
        return new ChatCall(new GenerationRequest(model, prompt, choices, maxTokens, logprobs, topLogprobs, format, tool,
                stop), stream, includeUsage);
    }

    private static List<PromptMessage> messages(List<RequestMessage> messages) {
        if (messages == null) {
            throw OpenAiErrors.missingParameter("messages");
        }
        if (messages.isEmpty()) {
            throw OpenAiErrors.emptyArray("messages");
        }
        List<PromptMessage> result = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            RequestMessage message = messages.get(i);
            String param = "messages[" + i + "]";
            if (message == null) {
                throw OpenAiErrors.invalidValue(param, "Invalid type for '" + param + "': expected an object, but got null.");
            }
            if (message.role() == null) {
                throw OpenAiErrors.missingParameter(param + ".role");
            }
            if (!ROLES.contains(message.role())) {
                throw OpenAiErrors.invalidValue(param + ".role", "Invalid value: '" + message.role() + "'. Supported values"
                        + " are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.");
            }
            result.add(new PromptMessage(message.role(), text(message.content(), param + ".content")));
        }
        return result;
    }

    private static String text(JsonNode content, String param) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (!content.isArray()) {
            throw OpenAiErrors.invalidValue(param, "Invalid type for '" + param + "': expected one of a string or array"
                    + " of objects, but got " + content.getNodeType().name().toLowerCase() + " instead.");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content.values()) {
            if ("text".equals(part.path("type").asString(""))) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(part.path("text").asString(""));
            }
        }
        return text.toString();
    }

    /** {@code stop}: a string or up to four strings. */
    private static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull() || stop.isMissingNode()) {
            return List.of();
        }
        if (stop.isString()) {
            return List.of(stop.stringValue());
        }
        if (!stop.isArray()) {
            throw OpenAiErrors.invalidType("stop", "Invalid type for 'stop': expected one of a string or array of"
                    + " strings, but got " + stop.getNodeType().name().toLowerCase() + " instead.");
        }
        if (stop.size() > MAX_STOP) {
            throw OpenAiErrors.invalidValue("stop", "Invalid 'stop': array too long. Expected an array with maximum"
                    + " length " + MAX_STOP + ", but got an array with length " + stop.size() + " instead.");
        }
        List<String> sequences = new ArrayList<>(stop.size());
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isString()) {
                throw OpenAiErrors.invalidType("stop[" + i + "]", "Invalid type for 'stop[" + i + "]': expected a"
                        + " string, but got " + stop.get(i).getNodeType().name().toLowerCase() + " instead.");
            }
            sequences.add(stop.get(i).stringValue());
        }
        return sequences;
    }

    private static int choices(Integer n) {
        if (n == null) {
            return 1;
        }
        if (n < 1) {
            throw OpenAiErrors.belowMinimum("n", n, 1);
        }
        if (n > MAX_CHOICES) {
            throw OpenAiErrors.aboveMaximum("n", n, MAX_CHOICES);
        }
        return n;
    }

    private static int maxTokens(ChatCompletionRequest request) {
        String param = request.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
        Integer cap = request.maxCompletionTokens() != null ? request.maxCompletionTokens() : request.maxTokens();
        if (cap == null) {
            return 0;
        }
        if (cap < 1) {
            throw OpenAiErrors.belowMinimum(param, cap, 1);
        }
        return cap;
    }

    private static int topLogprobs(Integer topLogprobs, boolean logprobs) {
        if (topLogprobs == null) {
            return 0;
        }
        if (!logprobs) {
            throw OpenAiErrors.invalidValue("top_logprobs", "Invalid value for 'top_logprobs': 'logprobs' must be set to"
                    + " true to use 'top_logprobs'.");
        }
        if (topLogprobs < 0) {
            throw OpenAiErrors.belowMinimum("top_logprobs", topLogprobs, 0);
        }
        if (topLogprobs > MAX_TOP_LOGPROBS) {
            throw OpenAiErrors.aboveMaximum("top_logprobs", topLogprobs, MAX_TOP_LOGPROBS);
        }
        return topLogprobs;
    }

    private static OutputFormat format(ResponseFormat format) {
        if (format == null || format.type() == null) {
            return OutputFormat.TEXT;
        }
        return switch (format.type()) {
            case "text" -> OutputFormat.TEXT;
            case "json_object" -> OutputFormat.JSON_OBJECT;
            case "json_schema" -> {
                if (format.jsonSchema() == null) {
                    throw OpenAiErrors.missingParameter("response_format.json_schema");
                }
                yield OutputFormat.jsonSchema(format.jsonSchema().schema());
            }
            default -> throw OpenAiErrors.invalidValue("response_format.type", "Invalid value: '" + format.type()
                    + "'. Supported values are: 'text', 'json_object', and 'json_schema'.");
        };
    }

    /** The tool {@code tool_choice} forces: the named one, or the first for {@code required}; else {@code null}. */
    private static String forcedTool(List<ToolDefinition> tools, JsonNode toolChoice) {
        List<ToolDefinition> declared = tools == null ? List.of() : tools;
        for (int i = 0; i < declared.size(); i++) {
            ToolDefinition tool = declared.get(i);
            if (tool == null || tool.function() == null || tool.function().name() == null) {
                throw OpenAiErrors.missingParameter("tools[" + i + "].function.name");
            }
        }
        if (toolChoice == null || toolChoice.isNull()) {
            return null;
        }
        if (toolChoice.isString()) {
            String choice = toolChoice.stringValue();
            return switch (choice) {
                case "none", "auto" -> null;
                case "required" -> {
                    if (declared.isEmpty()) {
                        throw OpenAiErrors.invalidValue("tool_choice",
                                "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.");
                    }
                    yield declared.getFirst().function().name();
                }
                default -> throw OpenAiErrors.invalidValue("tool_choice", "Invalid value: '" + choice
                        + "'. Supported values are: 'none', 'auto', and 'required'.");
            };
        }
        String name = toolChoice.path("function").path("name").asString("");
        if (name.isEmpty()) {
            throw OpenAiErrors.missingParameter("tool_choice.function.name");
        }
        return name;
    }

    // ---- non-streamed answer ----

    ChatCompletion toCompletion(CompletionMeta meta, Generation generation) {
        List<Choice> choices = new ArrayList<>(generation.completions().size());
        for (Completion completion : generation.completions()) {
            choices.add(new Choice(completion.index(), message(completion), logprobs(completion.logprobs()),
                    finishReason(completion.finishReason())));
        }
        return new ChatCompletion(meta.id(), CHAT_COMPLETION, meta.created(), meta.model(), choices, usage(generation),
                SERVICE_TIER, SYSTEM_FINGERPRINT);
    }

    private static AssistantMessage message(Completion completion) {
        return switch (completion.kind()) {
            case CONTENT -> new AssistantMessage(ASSISTANT, completion.text(), null, null, List.of());
            case REFUSAL -> new AssistantMessage(ASSISTANT, null, completion.text(), null, List.of());
            case TOOL_CALL -> new AssistantMessage(ASSISTANT, null, null, List.of(new MessageToolCall(
                    completion.toolCall().id(), FUNCTION, new FunctionCall(completion.toolCall().name(), completion.text()))),
                    List.of());
        };
    }

    // ---- streamed answer ----

    /** The first chunk of a choice: the role, and empty content. */
    ChatCompletionChunk roleChunk(CompletionMeta meta, int index, boolean includeUsage) {
        return chunk(meta, new ChunkChoice(index, new ChunkDelta(ASSISTANT, "", null, null), null, null), includeUsage);
    }

    /** For a tool call: the chunk naming the call, arguments still empty. */
    ChatCompletionChunk toolCallStartChunk(CompletionMeta meta, Completion completion, boolean includeUsage) {
        ToolCallDelta start = new ToolCallDelta(0, completion.toolCall().id(), FUNCTION,
                new FunctionCallDelta(completion.toolCall().name(), ""));
        return chunk(meta, new ChunkChoice(completion.index(), new ChunkDelta(null, null, null, List.of(start)), null,
                null), includeUsage);
    }

    /** Piece {@code piece} of a choice; the last one carries the finish reason. */
    ChatCompletionChunk pieceChunk(CompletionMeta meta, Completion completion, int piece, boolean includeUsage) {
        String text = completion.pieces().get(piece);
        ChunkDelta delta = switch (completion.kind()) {
            case CONTENT -> new ChunkDelta(null, text, null, null);
            case REFUSAL -> new ChunkDelta(null, null, text, null);
            case TOOL_CALL -> new ChunkDelta(null, null, null,
                    List.of(new ToolCallDelta(0, null, null, new FunctionCallDelta(null, text))));
        };
        ChoiceLogprobs logprobs = completion.logprobs() == null
                ? null
                : logprobs(List.of(completion.logprobs().get(piece)));
        String finish = piece == completion.pieces().size() - 1 ? finishReason(completion.finishReason()) : null;
        return chunk(meta, new ChunkChoice(completion.index(), delta, logprobs, finish), includeUsage);
    }

    /** For a choice without pieces: only the finish reason. */
    ChatCompletionChunk finishChunk(CompletionMeta meta, Completion completion, boolean includeUsage) {
        return chunk(meta, new ChunkChoice(completion.index(), ChunkDelta.EMPTY, null,
                finishReason(completion.finishReason())), includeUsage);
    }

    /** The extra chunk before {@code [DONE]} when usage was asked for: no choices, the usage. */
    ChatCompletionChunk usageChunk(CompletionMeta meta, Generation generation) {
        return new ChatCompletionChunk(meta.id(), CHAT_COMPLETION_CHUNK, meta.created(), meta.model(), SERVICE_TIER,
                SYSTEM_FINGERPRINT, List.of(), Optional.of(usage(generation)));
    }

    private static ChatCompletionChunk chunk(CompletionMeta meta, ChunkChoice choice, boolean includeUsage) {
        return new ChatCompletionChunk(meta.id(), CHAT_COMPLETION_CHUNK, meta.created(), meta.model(), SERVICE_TIER,
                SYSTEM_FINGERPRINT, List.of(choice), includeUsage ? Optional.empty() : null);
    }

    // ---- shared ----

    static Usage usage(Generation generation) {
        return new Usage(generation.promptTokens(), generation.completionTokens(), generation.totalTokens(),
                PromptTokensDetails.NONE, CompletionTokensDetails.NONE);
    }

    static String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP, STOP_SEQUENCE -> "stop";
            case LENGTH -> "length";
            case TOOL_CALLS -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
        };
    }

    private static ChoiceLogprobs logprobs(List<TokenLogprob> tokens) {
        if (tokens == null) {
            return null;
        }
        List<LogprobToken> content = new ArrayList<>(tokens.size());
        for (TokenLogprob token : tokens) {
            List<LogprobAlternative> top = new ArrayList<>(token.top().size());
            for (TopLogprob alternative : token.top()) {
                top.add(new LogprobAlternative(alternative.token(), alternative.logprob(), bytes(alternative.token())));
            }
            content.add(new LogprobToken(token.token(), token.logprob(), bytes(token.token()), top));
        }
        return new ChoiceLogprobs(content, null);
    }

    private static List<Integer> bytes(String token) {
        byte[] utf8 = token.getBytes(StandardCharsets.UTF_8);
        List<Integer> bytes = new ArrayList<>(utf8.length);
        for (byte b : utf8) {
            bytes.add(b & 0xff);
        }
        return bytes;
    }
}
