package dev.llmpool.workers.provider.gemini;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.schemas.translate.DataUrl;
import dev.llmpool.workers.provider.OpenAiRequestParts;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.gemini.wire.Blob;
import dev.llmpool.workers.provider.gemini.wire.Candidate;
import dev.llmpool.workers.provider.gemini.wire.Content;
import dev.llmpool.workers.provider.gemini.wire.FunctionCall;
import dev.llmpool.workers.provider.gemini.wire.FunctionCallingConfig;
import dev.llmpool.workers.provider.gemini.wire.FunctionDeclaration;
import dev.llmpool.workers.provider.gemini.wire.FunctionResponse;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentRequest;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentResponse;
import dev.llmpool.workers.provider.gemini.wire.GenerationConfig;
import dev.llmpool.workers.provider.gemini.wire.LogprobCandidate;
import dev.llmpool.workers.provider.gemini.wire.LogprobsResult;
import dev.llmpool.workers.provider.gemini.wire.Part;
import dev.llmpool.workers.provider.gemini.wire.SafetyRating;
import dev.llmpool.workers.provider.gemini.wire.Tool;
import dev.llmpool.workers.provider.gemini.wire.ToolConfig;
import dev.llmpool.workers.provider.gemini.wire.TopCandidates;
import dev.llmpool.workers.provider.gemini.wire.UsageMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure conversions between the pool's OpenAI-shaped envelopes and Gemini generateContent. No I/O, no logging.
 *
 * <p>Request: {@code system}/{@code developer} messages become {@code systemInstruction}; {@code user} content
 * becomes text and inline-data parts ({@code data:} image URLs, {@code file_data}, {@code input_audio});
 * {@code assistant} becomes a {@code model} turn with text and {@code functionCall} parts (a thought signature carried
 * in the tool-call id goes back with its call, see {@link GeminiToolCallIds}); {@code tool} messages become
 * {@code functionResponse} parts of a user turn, named after the call they answer; consecutive turns of one role are
 * merged. {@code generationConfig}: temperature, topP, topK, candidateCount ({@code n}), maxOutputTokens,
 * stopSequences, seed, presence/frequency penalties, responseLogprobs + logprobs ({@code logprobs},
 * {@code top_logprobs}), and {@code response_format} as responseMimeType {@code application/json} with
 * responseJsonSchema. Function tools become {@code functionDeclarations} with {@code parametersJsonSchema};
 * {@code tool_choice} none/auto/required/named becomes mode NONE/AUTO/ANY/ANY with allowedFunctionNames, and strict
 * tools under auto become VALIDATED.
 *
 * <p>What Gemini cannot do is rejected as {@link ErrorClass#UNSUPPORTED} before any call, never dropped:
 * {@code logit_bias}, {@code parallel_tool_calls: false}, {@code reasoning_effort}, {@code verbosity}, audio output,
 * {@code prediction}, {@code web_search_options}, legacy {@code functions}/{@code function_call} and the
 * {@code function} role, tools other than functions, {@code allowed_tools} choices, image URLs that are not
 * {@code data:} URLs, file ids, and any request field this mapper does not know. Fields with no effect on the answer
 * are accepted and not sent: {@code user}, {@code safety_identifier}, {@code store}, {@code metadata},
 * {@code service_tier}, {@code prompt_cache_key}, {@code stream_options}, a message's {@code name} and an image's
 * {@code detail}.
 *
 * <p>Answer: each candidate is a choice; text parts (not thoughts) are joined, function calls become tool calls.
 * Finish reasons: STOP → stop (tool_calls when the candidate called functions), MAX_TOKENS → length, SAFETY,
 * RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, IMAGE_SAFETY → content_filter (with a refusal naming the reason
 * when no text came), anything else → stop. A blocked prompt is one content_filter choice. Log probabilities become
 * OpenAI's {@code logprobs.content} with {@code top_logprobs}, and {@code avgLogprobs} rides along as
 * {@code logprobs.avg_logprobs}. Usage: prompt = prompt + tool-use prompt tokens, completion = candidates + thoughts.
 */
public final class GeminiMapper {

    /** The provider's name in error messages. */
    private static final String PROVIDER = "Gemini";

    static final String USER = "user";
    static final String MODEL = "model";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Set<String> IGNORED = Set.of("store", "metadata", "service_tier", "prompt_cache_key",
            "safety_identifier");

    private static final Map<String, String> UNSUPPORTED = Map.of(
            "reasoning_effort", "reasoning_effort (thinking budgets are not mapped)",
            "verbosity", "verbosity",
            "audio", "audio output",
            "prediction", "predicted outputs (prediction)",
            "web_search_options", "web_search_options",
            "functions", "legacy functions (use tools)",
            "function_call", "legacy function_call (use tool_choice)");

    private static final Set<String> BLOCKED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY");

    private GeminiMapper() {
    }

    // ---- request ----

    /**
     * The generateContent request for an attempt (the model and streaming are in the URL).
     *
     * @throws ProviderException {@code UNSUPPORTED} for what Gemini cannot do, {@code BAD_REQUEST} for a malformed
     *                           message (a tool result for an unknown call, arguments that are not a JSON object)
     */
    public static GenerateContentRequest toRequest(AttemptRequest request) {
        ChatCompletionRequest body = request.body();
        checkSupported(body);
        List<Part> system = new ArrayList<>();
        List<Content> turns = new ArrayList<>();
        Map<String, String> callNames = new HashMap<>();
        boolean signatures = GeminiToolCallIds.requiresSignatures(request.upstreamModel());
        for (ChatMessage message : body.messages() == null ? List.<ChatMessage>of() : body.messages()) {
            String role = message.role() == null ? "" : message.role();
            switch (role) {
                case "system", "developer" -> {
                    String text = OpenAiRequestParts.textOnly(message.content(), role, PROVIDER);
                    if (!text.isEmpty()) {
                        system.add(Part.text(text));
                    }
                }
                case "user" -> append(turns, USER, userParts(message.content()));
                case "assistant" -> append(turns, MODEL, modelParts(message, callNames, signatures));
                case "tool" -> append(turns, USER, List.of(functionResponse(message, callNames)));
                case "function" -> throw unsupported("the legacy function role (use tool messages)");
                default -> throw badRequest("unknown message role '" + role + "'");
            }
        }
        return new GenerateContentRequest(turns, system.isEmpty() ? null : new Content(null, system),
                generationConfig(body), tools(body.tools()), toolConfig(body.toolChoice(), body.tools()));
    }

    private static void checkSupported(ChatCompletionRequest body) {
        for (Map.Entry<String, Object> field : body.extra().entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            if (IGNORED.contains(name) || value == null) {
                continue;
            }
            switch (name) {
                case "top_k" -> {
                    if (!(value instanceof Number)) {
                        throw badRequest("top_k must be a number");
                    }
                }
                case "parallel_tool_calls" -> {
                    if (Boolean.FALSE.equals(value)) {
                        throw unsupported("parallel_tool_calls: false (Gemini may always call functions in"
                                + " parallel)");
                    }
                }
                case "logit_bias" -> {
                    if (!(value instanceof Map<?, ?> map && map.isEmpty())) {
                        throw unsupported("logit_bias");
                    }
                }
                case "modalities" -> {
                    if (!(value instanceof List<?> list && list.stream().allMatch("text"::equals))) {
                        throw unsupported("output modalities other than text");
                    }
                }
                default -> throw unsupported(UNSUPPORTED.getOrDefault(name, "the request field '" + name + "'"));
            }
        }
        if (body.topLogprobs() != null && !Boolean.TRUE.equals(body.logprobs())) {
            throw badRequest("top_logprobs requires logprobs: true");
        }
    }

    private static void append(List<Content> turns, String role, List<Part> parts) {
        if (parts.isEmpty()) {
            return;
        }
        if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
            List<Part> merged = new ArrayList<>(turns.getLast().parts());
            merged.addAll(parts);
            turns.set(turns.size() - 1, new Content(role, merged));
        } else {
            turns.add(new Content(role, new ArrayList<>(parts)));
        }
    }

    private static List<Part> userParts(JsonNode content) {
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isString()) {
            return content.asString().isEmpty() ? List.of() : List.of(Part.text(content.asString()));
        }
        if (!content.isArray()) {
            throw badRequest("message content must be a string or an array of parts");
        }
        List<Part> parts = new ArrayList<>();
        for (JsonNode part : content) {
            String type = part.path("type").asString("");
            switch (type) {
                case "text" -> {
                    String text = part.path("text").asString("");
                    if (!text.isEmpty()) {
                        parts.add(Part.text(text));
                    }
                }
                case "image_url" -> {
                    String url = part.path("image_url").path("url").asString("");
                    if (!url.startsWith("data:")) {
                        throw unsupported("image URLs other than data: URLs (Gemini takes images inline)");
                    }
                    DataUrl data = OpenAiRequestParts.dataUrl(url);
                    parts.add(Part.inline(new Blob(data.mediaType(), data.base64())));
                }
                case "file" -> {
                    JsonNode file = part.path("file");
                    if (file.hasNonNull("file_id")) {
                        throw unsupported("file ids (send file_data)");
                    }
                    String url = file.path("file_data").asString("");
                    if (!url.startsWith("data:")) {
                        throw badRequest("file.file_data must be a data: URL");
                    }
                    DataUrl data = OpenAiRequestParts.dataUrl(url);
                    parts.add(Part.inline(new Blob(data.mediaType(), data.base64())));
                }
                case "input_audio" -> {
                    JsonNode audio = part.path("input_audio");
                    String format = audio.path("format").asString("wav");
                    parts.add(Part.inline(new Blob("audio/" + format, audio.path("data").asString(""))));
                }
                default -> throw unsupported("content parts of type '" + type + "'");
            }
        }
        return parts;
    }

    private static List<Part> modelParts(ChatMessage message, Map<String, String> callNames, boolean signatures) {
        List<Part> parts = new ArrayList<>();
        String text = OpenAiRequestParts.assistantText(message.content(), PROVIDER);
        if (text.isEmpty() && message.refusal() != null) {
            text = message.refusal();
        }
        if (!text.isEmpty()) {
            parts.add(Part.text(text));
        }
        boolean first = true;
        if (message.toolCalls() != null) {
            for (ToolCall call : message.toolCalls()) {
                if (call.function() == null || call.function().name() == null) {
                    throw badRequest("an assistant tool call needs a function name");
                }
                String name = call.function().name();
                if (call.id() != null) {
                    callNames.put(call.id(), name);
                }
                String signature = GeminiToolCallIds.signature(call.id());
                if (signature == null && first && signatures) {
                    signature = GeminiToolCallIds.SKIP_VALIDATOR;
                }
                parts.add(Part.call(new FunctionCall(null, name, OpenAiRequestParts.arguments(call.function().arguments())), signature));
                first = false;
            }
        }
        return parts;
    }

    private static Part functionResponse(ChatMessage message, Map<String, String> callNames) {
        String name = message.toolCallId() == null ? null : callNames.get(message.toolCallId());
        if (name == null) {
            name = message.name();
        }
        if (name == null) {
            throw badRequest("tool message '" + message.toolCallId() + "' answers no earlier assistant tool call");
        }
        String text = OpenAiRequestParts.textOnly(message.content(), "tool", PROVIDER);
        JsonNode response = null;
        try {
            JsonNode parsed = text.isBlank() ? null : JSON.readTree(text);
            response = parsed != null && parsed.isObject() ? parsed : null;
        } catch (JacksonException e) {
            // not JSON: wrapped below
        }
        if (response == null) {
            ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
            wrapped.put("content", text);
            response = wrapped;
        }
        return Part.response(new FunctionResponse(null, name, response));
    }

    private static GenerationConfig generationConfig(ChatCompletionRequest body) {
        Object topK = body.extra().get("top_k");
        boolean logprobs = Boolean.TRUE.equals(body.logprobs());
        String mime = null;
        JsonNode schema = null;
        JsonNode format = body.responseFormat();
        if (format != null && !format.isNull()) {
            String type = format.path("type").asString("text");
            switch (type) {
                case "text" -> {
                    // the default
                }
                case "json_object" -> mime = "application/json";
                case "json_schema" -> {
                    schema = format.path("json_schema").get("schema");
                    if (schema == null || !schema.isObject()) {
                        throw badRequest("response_format.json_schema.schema is required");
                    }
                    mime = "application/json";
                }
                default -> throw unsupported("response_format of type '" + type + "'");
            }
        }
        GenerationConfig config = new GenerationConfig(body.temperature(), body.topP(),
                topK instanceof Number number ? number.intValue() : null,
                body.n() != null && body.n() != 1 ? body.n() : null, body.completionCap(),
                OpenAiRequestParts.stopSequences(body.stop()), mime, schema, logprobs ? Boolean.TRUE : null,
                logprobs ? body.topLogprobs() : null, body.seed(), body.presencePenalty(), body.frequencyPenalty());
        return config.equals(new GenerationConfig(null, null, null, null, null, null, null, null, null, null, null,
                null, null)) ? null : config;
    }

    private static List<Tool> tools(JsonNode tools) {
        if (tools == null || tools.isNull() || (tools.isArray() && tools.isEmpty())) {
            return null;
        }
        List<FunctionDeclaration> declarations = new ArrayList<>();
        for (JsonNode tool : tools) {
            String type = tool.path("type").asString("function");
            if (!type.equals("function")) {
                throw unsupported("tools of type '" + type + "' (function tools are)");
            }
            JsonNode function = tool.path("function");
            String name = function.path("name").asString("");
            if (name.isEmpty()) {
                throw badRequest("a function tool needs a name");
            }
            JsonNode parameters = function.get("parameters");
            declarations.add(new FunctionDeclaration(name, function.path("description").asString(null),
                    parameters != null && parameters.isObject() ? parameters : null));
        }
        return List.of(new Tool(declarations));
    }

    private static ToolConfig toolConfig(JsonNode choice, JsonNode tools) {
        boolean strict = false;
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                strict |= tool.path("function").path("strict").asBoolean(false);
            }
        }
        if (choice == null || choice.isNull()) {
            return strict ? config("VALIDATED", null) : null;
        }
        if (choice.isString()) {
            return switch (choice.asString()) {
                case "none" -> config("NONE", null);
                case "auto" -> config(strict ? "VALIDATED" : "AUTO", null);
                case "required" -> config("ANY", null);
                default -> throw badRequest("tool_choice '" + choice.asString() + "' is not none, auto or required");
            };
        }
        String type = choice.path("type").asString("");
        if (type.equals("function")) {
            String name = choice.path("function").path("name").asString("");
            if (name.isEmpty()) {
                throw badRequest("tool_choice.function.name is required");
            }
            return config("ANY", List.of(name));
        }
        throw unsupported("tool_choice of type '" + type + "'");
    }

    private static ToolConfig config(String mode, List<String> allowed) {
        return new ToolConfig(new FunctionCallingConfig(mode, allowed));
    }

    // ---- answer ----

    /** The answer in OpenAI shape; {@code created} is the call's start in epoch seconds. */
    public static ChatCompletion toCompletion(GenerateContentResponse response, long created) {
        List<ChatCompletion.Choice> choices = new ArrayList<>();
        List<Candidate> candidates = response.candidates() == null ? List.of() : response.candidates();
        String blockReason = response.promptFeedback() == null ? null : response.promptFeedback().blockReason();
        if (candidates.isEmpty() && blockReason != null) {
            ChatMessage refused = ChatMessage.assistant(null, null, "Gemini blocked the prompt (" + blockReason + ").");
            choices.add(new ChatCompletion.Choice(0, refused, null, "content_filter"));
        }
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingInt(c -> c.index() == null ? 0 : c.index()));
        for (int i = 0; i < ordered.size(); i++) {
            Candidate candidate = ordered.get(i);
            int index = candidate.index() == null ? i : candidate.index();
            choices.add(choice(response.responseId(), index, candidate));
        }
        return new ChatCompletion(response.responseId(), ChatCompletion.OBJECT, created, response.modelVersion(),
                choices, usage(response.usageMetadata()), null);
    }

    private static ChatCompletion.Choice choice(String responseId, int index, Candidate candidate) {
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        List<ToolCall> calls = new ArrayList<>();
        List<Part> parts = candidate.content() == null || candidate.content().parts() == null ? List.of()
                : candidate.content().parts();
        for (Part part : parts) {
            if (part.functionCall() != null) {
                calls.add(toolCall(responseId, index, calls.size(), part, null));
            } else if (part.text() != null && !Boolean.TRUE.equals(part.thought())) {
                text.append(part.text());
                sawText = true;
            }
        }
        String finish = finishReason(candidate.finishReason(), !calls.isEmpty());
        String refusal = "content_filter".equals(finish) && text.isEmpty() && calls.isEmpty()
                ? blockedRefusal(candidate) : null;
        String content = sawText ? text.toString() : calls.isEmpty() && refusal == null ? "" : null;
        return new ChatCompletion.Choice(index, ChatMessage.assistant(content, calls, refusal),
                logprobs(candidate.logprobsResult(), candidate.avgLogprobs()), finish);
    }

    /** A function-call part as an OpenAI tool call; {@code streamIndex} is set for stream fragments. */
    static ToolCall toolCall(String responseId, int candidate, int position, Part part, Integer streamIndex) {
        FunctionCall call = part.functionCall();
        String arguments = call.args() == null || call.args().isNull() ? "{}" : call.args().toString();
        return new ToolCall(streamIndex, GeminiToolCallIds.id(responseId, candidate, position, call,
                part.thoughtSignature()), "function", new ToolCall.FunctionCall(call.name(), arguments));
    }

    /** Gemini's finish reason in OpenAI's words; null stays null. */
    public static String finishReason(String finishReason, boolean calledFunctions) {
        if (finishReason == null || finishReason.isEmpty()) {
            return null;
        }
        if (BLOCKED.contains(finishReason)) {
            return "content_filter";
        }
        if (finishReason.equals("MAX_TOKENS")) {
            return "length";
        }
        return calledFunctions ? "tool_calls" : "stop";
    }

    /** The refusal text of a blocked candidate that wrote nothing: the reason and the blocking categories. */
    static String blockedRefusal(Candidate candidate) {
        List<String> categories = new ArrayList<>();
        if (candidate.safetyRatings() != null) {
            for (SafetyRating rating : candidate.safetyRatings()) {
                if (Boolean.TRUE.equals(rating.blocked()) && rating.category() != null) {
                    categories.add(rating.category());
                }
            }
        }
        String detail = candidate.finishMessage() != null && !candidate.finishMessage().isBlank()
                ? ": " + candidate.finishMessage() : "";
        return "Gemini blocked the answer (" + candidate.finishReason()
                + (categories.isEmpty() ? "" : ", " + String.join(", ", categories)) + ")" + detail;
    }

    /**
     * OpenAI's {@code logprobs}: {@code content} from the chosen tokens with their top alternatives, and
     * {@code avg_logprobs} when Gemini sent it; null when Gemini sent no per-token log probabilities.
     */
    static JsonNode logprobs(LogprobsResult result, Double average) {
        if (result == null || result.chosenCandidates() == null) {
            return null;
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ArrayNode content = nodes.arrayNode();
        List<LogprobCandidate> chosen = result.chosenCandidates();
        for (int i = 0; i < chosen.size(); i++) {
            ObjectNode token = tokenLogprob(chosen.get(i));
            ArrayNode top = nodes.arrayNode();
            List<TopCandidates> tops = result.topCandidates();
            if (tops != null && i < tops.size() && tops.get(i) != null && tops.get(i).candidates() != null) {
                for (LogprobCandidate alternative : tops.get(i).candidates()) {
                    top.add(tokenLogprob(alternative));
                }
            }
            token.set("top_logprobs", top);
            content.add(token);
        }
        ObjectNode logprobs = nodes.objectNode();
        logprobs.set("content", content);
        logprobs.putNull("refusal");
        if (average != null) {
            logprobs.put("avg_logprobs", average);
        }
        return logprobs;
    }

    private static ObjectNode tokenLogprob(LogprobCandidate candidate) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        String token = candidate.token() == null ? "" : candidate.token();
        node.put("token", token);
        node.put("logprob", candidate.logProbability() == null ? 0.0 : candidate.logProbability());
        ArrayNode bytes = node.putArray("bytes");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return node;
    }

    /** Gemini usage in OpenAI's terms; null when Gemini sent none. */
    static Usage usage(UsageMetadata usage) {
        if (usage == null) {
            return null;
        }
        int prompt = OpenAiRequestParts.count(usage.promptTokenCount()) + OpenAiRequestParts.count(usage.toolUsePromptTokenCount());
        int completion = OpenAiRequestParts.count(usage.candidatesTokenCount()) + OpenAiRequestParts.count(usage.thoughtsTokenCount());
        return Usage.of(prompt, completion);
    }

    static ProviderException unsupported(String what) {
        return OpenAiRequestParts.unsupported(PROVIDER, what);
    }

    static ProviderException badRequest(String message) {
        return OpenAiRequestParts.badRequest(message);
    }
}
