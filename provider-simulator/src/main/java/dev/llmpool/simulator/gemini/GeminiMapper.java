package dev.llmpool.simulator.gemini;

import dev.llmpool.simulator.directive.InvalidDirectiveException;
import dev.llmpool.simulator.gemini.wire.Candidate;
import dev.llmpool.simulator.gemini.wire.CandidateContent;
import dev.llmpool.simulator.gemini.wire.Content;
import dev.llmpool.simulator.gemini.wire.FunctionCall;
import dev.llmpool.simulator.gemini.wire.FunctionCallingConfig;
import dev.llmpool.simulator.gemini.wire.FunctionDeclaration;
import dev.llmpool.simulator.gemini.wire.GenerateContentRequest;
import dev.llmpool.simulator.gemini.wire.GenerateContentResponse;
import dev.llmpool.simulator.gemini.wire.GenerationConfig;
import dev.llmpool.simulator.gemini.wire.LogprobCandidate;
import dev.llmpool.simulator.gemini.wire.LogprobsResult;
import dev.llmpool.simulator.gemini.wire.ModalityTokenCount;
import dev.llmpool.simulator.gemini.wire.Part;
import dev.llmpool.simulator.gemini.wire.SafetyRating;
import dev.llmpool.simulator.gemini.wire.Status;
import dev.llmpool.simulator.gemini.wire.Tool;
import dev.llmpool.simulator.gemini.wire.TopCandidates;
import dev.llmpool.simulator.gemini.wire.UsageMetadata;
import dev.llmpool.simulator.generation.Completion;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.generation.GenerationRequest;
import dev.llmpool.simulator.generation.OutputFormat;
import dev.llmpool.simulator.generation.OutputKind;
import dev.llmpool.simulator.generation.Prompt;
import dev.llmpool.simulator.generation.PromptMessage;
import dev.llmpool.simulator.generation.TokenLogprob;
import dev.llmpool.simulator.generation.TopLogprob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure conversions between Gemini's generateContent wire types and format-neutral generation: reading and
 * validation of the request (unknown field names are rejected, as Google does; snake_case names are accepted, as
 * the proto JSON mapping does) and building of the response and its stream chunks. No I/O, no logging.
 */
final class GeminiMapper {

    /** The model name that does not exist. */
    static final String MISSING_MODEL = "does-not-exist";

    static final String MODEL_ROLE = "model";

    private static final Set<String> TOP_LEVEL = Set.of("contents", "tools", "toolConfig", "tool_config",
            "safetySettings", "safety_settings", "systemInstruction", "system_instruction", "generationConfig",
            "generation_config", "cachedContent", "cached_content", "serviceTier", "service_tier", "model", "store");
    private static final Set<String> GENERATION_CONFIG = Set.of("stopSequences", "stop_sequences",
            "responseMimeType", "response_mime_type", "responseSchema", "response_schema", "responseJsonSchema",
            "response_json_schema", "_responseJsonSchema", "responseModalities", "response_modalities",
            "candidateCount", "candidate_count", "maxOutputTokens", "max_output_tokens", "temperature", "topP", "top_p",
            "topK", "top_k", "seed", "presencePenalty", "presence_penalty", "frequencyPenalty", "frequency_penalty",
            "responseLogprobs", "response_logprobs", "logprobs", "enableEnhancedCivicAnswers",
            "enable_enhanced_civic_answers", "speechConfig", "speech_config", "thinkingConfig", "thinking_config",
            "imageConfig", "image_config", "mediaResolution", "media_resolution");
    private static final Set<String> ROLES = Set.of("user", MODEL_ROLE);
    private static final String JSON_MIME = "application/json";
    private static final int MAX_CANDIDATES = 8;
    private static final int MAX_STOP_SEQUENCES = 5;
    private static final int MAX_LOGPROBS = 20;
    private static final double MAX_TEMPERATURE = 2.0;
    private static final List<SafetyRating> BLOCKED = List.of(
            new SafetyRating("HARM_CATEGORY_HATE_SPEECH", "NEGLIGIBLE", null),
            new SafetyRating("HARM_CATEGORY_DANGEROUS_CONTENT", "HIGH", true),
            new SafetyRating("HARM_CATEGORY_HARASSMENT", "NEGLIGIBLE", null),
            new SafetyRating("HARM_CATEGORY_SEXUALLY_EXPLICIT", "NEGLIGIBLE", null));

    private final JsonMapper json;

    GeminiMapper(JsonMapper json) {
        this.json = json;
    }

    // ---- request ----

    /** The model named in the URL must exist. */
    static void checkModel(String model) {
        if (MISSING_MODEL.equals(model)) {
            throw GeminiErrors.modelNotFound(model);
        }
    }

    /** Parses the body: a JSON object whose top-level and {@code generationConfig} names are all known. */
    GenerateContentRequest read(byte[] body) {
        if (body.length == 0) {
            throw GeminiErrors.invalidField("contents", "contents is not specified");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw GeminiErrors.invalidJson(e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw GeminiErrors.invalidJson("Expected a JSON object.");
        }
        for (String name : root.propertyNames()) {
            if (!TOP_LEVEL.contains(name)) {
                throw GeminiErrors.unknownField(name, null);
            }
        }
        JsonNode config = root.has("generationConfig") ? root.get("generationConfig") : root.path("generation_config");
        if (config.isObject()) {
            for (String name : config.propertyNames()) {
                if (!GENERATION_CONFIG.contains(name)) {
                    throw GeminiErrors.unknownField(name, "generation_config");
                }
            }
        }
        try {
            return json.treeToValue(root, GenerateContentRequest.class);
        } catch (DatabindException e) {
            throw GeminiErrors.invalidJson("Invalid value at '" + field(e.getPath()) + "': " + e.getOriginalMessage());
        }
    }

    /** Validates {@code request} as the API does and reduces it to what generation needs. */
    GenerationRequest toGeneration(String model, GenerateContentRequest request) {
        List<PromptMessage> messages = new ArrayList<>();
        String system = request.systemInstruction() == null ? "" : text(request.systemInstruction().parts());
        if (!system.isEmpty()) {
            messages.add(new PromptMessage("system", system));
        }
        messages.addAll(contents(request.contents()));
        GenerationConfig config = request.generationConfig() != null ? request.generationConfig()
                : new GenerationConfig(null, null, null, null, null, null, null, null, null, null, null);
        sampling(config);
        int candidates = candidates(config.candidateCount());
        int maxTokens = maxTokens(config.maxOutputTokens());
        List<String> stops = stopSequences(config.stopSequences());
        boolean logprobs = Boolean.TRUE.equals(config.responseLogprobs());
        int topLogprobs = topLogprobs(config.logprobs(), logprobs);
        OutputFormat format = format(config);
        String tool = forcedTool(request);
        Prompt prompt;
        try {
            prompt = Prompt.of(messages);
        } catch (InvalidDirectiveException e) {
            throw GeminiErrors.invalidArgument(e.getMessage());
        }
        return new GenerationRequest(model, prompt, candidates, maxTokens, logprobs, topLogprobs, format, tool, stops);
    }

    private List<PromptMessage> contents(List<Content> contents) {
        if (contents == null || contents.isEmpty()) {
            throw GeminiErrors.invalidField("contents", "contents is not specified");
        }
        List<PromptMessage> messages = new ArrayList<>(contents.size());
        for (int i = 0; i < contents.size(); i++) {
            Content content = contents.get(i);
            if (content == null || content.parts() == null || content.parts().isEmpty()) {
                throw GeminiErrors.invalidField("contents[" + i + "].parts", "contents.parts must not be empty.");
            }
            String role = content.role() == null || content.role().isEmpty() ? "user" : content.role();
            if (!ROLES.contains(role)) {
                throw GeminiErrors.invalidArgument("Please use a valid role: user, model.");
            }
            messages.add(new PromptMessage(role, text(content.parts())));
        }
        return messages;
    }

    /** The parts' text, function calls and function responses, joined by new lines; media is not read. */
    private static String text(List<JsonNode> parts) {
        if (parts == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            if (part == null) {
                continue;
            }
            if (part.has("text")) {
                append(text, part.path("text").asString(""));
            } else if (part.has("functionCall") || part.has("function_call")) {
                JsonNode call = part.has("functionCall") ? part.get("functionCall") : part.get("function_call");
                append(text, call.path("name").asString("") + call.path("args"));
            } else if (part.has("functionResponse") || part.has("function_response")) {
                JsonNode response = part.has("functionResponse") ? part.get("functionResponse")
                        : part.get("function_response");
                append(text, response.path("name").asString("") + response.path("response"));
            }
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String part) {
        if (!text.isEmpty()) {
            text.append('\n');
        }
        text.append(part);
    }

    private static void sampling(GenerationConfig config) {
        if (config.temperature() != null && (config.temperature() < 0 || config.temperature() > MAX_TEMPERATURE)) {
            throw GeminiErrors.invalidField("generation_config.temperature", "temperature must be between 0.0 and 2.0"
                    + " inclusive.");
        }
        if (config.topP() != null && (config.topP() < 0 || config.topP() > 1)) {
            throw GeminiErrors.invalidField("generation_config.top_p", "top_p must be between 0.0 and 1.0 inclusive.");
        }
        if (config.topK() != null && config.topK() < 0) {
            throw GeminiErrors.invalidField("generation_config.top_k", "top_k must be non-negative.");
        }
    }

    private static int candidates(Integer count) {
        if (count == null) {
            return 1;
        }
        if (count < 1 || count > MAX_CANDIDATES) {
            throw GeminiErrors.invalidField("generation_config.candidate_count", "candidate_count must be in the range"
                    + " [1, " + MAX_CANDIDATES + "].");
        }
        return count;
    }

    private static int maxTokens(Integer maxOutputTokens) {
        if (maxOutputTokens == null) {
            return 0;
        }
        if (maxOutputTokens < 0) {
            throw GeminiErrors.invalidField("generation_config.max_output_tokens", "max_output_tokens must be"
                    + " positive.");
        }
        return maxOutputTokens;
    }

    private static List<String> stopSequences(List<String> stops) {
        if (stops == null) {
            return List.of();
        }
        if (stops.size() > MAX_STOP_SEQUENCES) {
            throw GeminiErrors.invalidField("generation_config.stop_sequences", "at most " + MAX_STOP_SEQUENCES
                    + " stop sequences are allowed.");
        }
        for (String stop : stops) {
            if (stop == null) {
                throw GeminiErrors.invalidField("generation_config.stop_sequences", "stop sequences must be strings.");
            }
        }
        return stops;
    }

    private static int topLogprobs(Integer count, boolean responseLogprobs) {
        if (count == null) {
            return 0;
        }
        if (!responseLogprobs) {
            throw GeminiErrors.invalidField("generation_config.logprobs", "logprobs can only be set when"
                    + " response_logprobs is true.");
        }
        if (count < 0 || count > MAX_LOGPROBS) {
            throw GeminiErrors.invalidField("generation_config.logprobs", "logprobs must be in the range [0, "
                    + MAX_LOGPROBS + "].");
        }
        return count;
    }

    private static OutputFormat format(GenerationConfig config) {
        String mime = config.responseMimeType();
        JsonNode schema = present(config.responseSchema()) ? lowerTypes(config.responseSchema())
                : present(config.responseJsonSchema()) ? config.responseJsonSchema() : null;
        if (present(config.responseSchema()) && present(config.responseJsonSchema())) {
            throw GeminiErrors.invalidField("generation_config", "response_schema and response_json_schema cannot both"
                    + " be set.");
        }
        if (mime == null || mime.isEmpty() || "text/plain".equals(mime)) {
            if (schema != null) {
                throw GeminiErrors.invalidField("generation_config.response_mime_type", "response_mime_type must be"
                        + " application/json when a response schema is set.");
            }
            return OutputFormat.TEXT;
        }
        if (JSON_MIME.equals(mime)) {
            return schema == null ? OutputFormat.JSON_OBJECT : OutputFormat.jsonSchema(schema);
        }
        if (Set.of("text/x.enum", "application/xml", "application/yaml").contains(mime)) {
            throw GeminiErrors.invalidField("generation_config.response_mime_type", "`" + mime + "` is a valid"
                    + " mimetype the simulator does not generate; use `text/plain` or `application/json`.");
        }
        throw GeminiErrors.invalidField("generation_config.response_mime_type", "allowed mimetypes are `text/plain`,"
                + " `application/json`, `application/xml`, `application/yaml` and `text/x.enum`.");
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** Gemini's OpenAPI-subset schemas write types in capitals ({@code OBJECT}); the generator reads JSON Schema. */
    static JsonNode lowerTypes(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        lower(copy);
        return copy;
    }

    private static void lower(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode type = object.get("type");
            if (type != null && type.isString()) {
                object.put("type", type.stringValue().toLowerCase(Locale.ROOT));
            }
        }
        if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                lower(child);
            }
        }
    }

    /** The function {@code toolConfig} forces with mode {@code ANY}: the first allowed, else the first declared. */
    private static String forcedTool(GenerateContentRequest request) {
        List<String> declared = new ArrayList<>();
        List<Tool> tools = request.tools() == null ? List.of() : request.tools();
        for (int i = 0; i < tools.size(); i++) {
            List<FunctionDeclaration> functions = tools.get(i) == null || tools.get(i).functionDeclarations() == null
                    ? List.of() : tools.get(i).functionDeclarations();
            for (int j = 0; j < functions.size(); j++) {
                FunctionDeclaration function = functions.get(j);
                if (function == null || function.name() == null || function.name().isBlank()) {
                    throw GeminiErrors.invalidField("tools[" + i + "].function_declarations[" + j + "].name",
                            "Name cannot be empty.");
                }
                declared.add(function.name());
            }
        }
        FunctionCallingConfig config = request.toolConfig() == null ? null
                : request.toolConfig().functionCallingConfig();
        String mode = config == null || config.mode() == null ? "AUTO" : config.mode();
        return switch (mode) {
            case "AUTO", "NONE", "VALIDATED", "MODE_UNSPECIFIED" -> null;
            case "ANY" -> {
                if (declared.isEmpty()) {
                    throw GeminiErrors.invalidField("tool_config.function_calling_config.mode", "function calling mode"
                            + " ANY requires at least one function declaration.");
                }
                List<String> allowed = config.allowedFunctionNames();
                yield allowed != null && !allowed.isEmpty() ? allowed.getFirst() : declared.getFirst();
            }
            default -> throw GeminiErrors.invalidJson("Invalid value at 'tool_config.function_calling_config.mode'"
                    + " (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), \""
                    + mode + "\"");
        };
    }

    private static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    // ---- non-streamed answer ----

    GenerateContentResponse toResponse(String responseId, String model, Generation generation) {
        List<Candidate> candidates = new ArrayList<>(generation.completions().size());
        for (Completion completion : generation.completions()) {
            candidates.add(whole(completion));
        }
        return new GenerateContentResponse(candidates, usage(generation.promptTokens(), outputTokens(generation)),
                model, responseId);
    }

    private Candidate whole(Completion completion) {
        return switch (completion.kind()) {
            case REFUSAL -> blocked(completion.index());
            case TOOL_CALL -> new Candidate(content(Part.call(call(completion))), finishReason(completion), null, null,
                    null, completion.index());
            case CONTENT -> {
                String finish = finishReason(completion);
                yield new Candidate(content(Part.text(completion.text())), finish, safety(finish),
                        average(completion.logprobs()), logprobs(completion.logprobs()), completion.index());
            }
        };
    }

    // ---- streamed answer ----

    /** How many chunks a completion spreads over: one per piece of text; a call or a block comes whole. */
    static int steps(Completion completion) {
        return completion.kind() == OutputKind.CONTENT ? Math.max(1, completion.pieces().size()) : 1;
    }

    /** Output tokens chunk {@code step} adds for {@code completion}. */
    static int stepTokens(Completion completion, int step) {
        return switch (completion.kind()) {
            case CONTENT -> step < completion.pieces().size() ? 1 : 0;
            case TOOL_CALL -> step == 0 ? completion.tokens() : 0;
            case REFUSAL -> 0;
        };
    }

    /**
     * The candidate a completion contributes to chunk {@code step}, {@code null} once it has finished; its last
     * step carries the finish reason (and the average log probability of the whole candidate).
     */
    Candidate stepCandidate(Completion completion, int step) {
        int steps = steps(completion);
        if (step >= steps) {
            return null;
        }
        if (completion.kind() != OutputKind.CONTENT) {
            return whole(completion);
        }
        boolean last = step == steps - 1;
        String text = completion.pieces().isEmpty() ? "" : completion.pieces().get(step);
        String finish = last ? finishReason(completion) : null;
        List<TokenLogprob> logprobs = completion.logprobs() == null || completion.pieces().isEmpty() ? null
                : List.of(completion.logprobs().get(step));
        return new Candidate(content(Part.text(text)), finish, safety(finish),
                last ? average(completion.logprobs()) : null, logprobs(logprobs), completion.index());
    }

    /** A chunk: the candidates of this step and the usage so far (cumulative, as Google reports it). */
    GenerateContentResponse chunk(String responseId, String model, List<Candidate> candidates, int promptTokens,
            int outputTokensSoFar) {
        return new GenerateContentResponse(candidates, usage(promptTokens, outputTokensSoFar), model, responseId);
    }

    /** The error object that cuts a stream. */
    static Status streamError() {
        return GeminiErrors.internal().body();
    }

    // ---- shared ----

    /** Output tokens as Gemini reports them: a blocked candidate reports none. */
    static int outputTokens(Generation generation) {
        int total = 0;
        for (Completion completion : generation.completions()) {
            total += completion.kind() == OutputKind.REFUSAL ? 0 : completion.tokens();
        }
        return total;
    }

    static String finishReason(Completion completion) {
        if (completion.kind() == OutputKind.REFUSAL) {
            return "SAFETY";
        }
        return switch (completion.finishReason()) {
            case STOP, STOP_SEQUENCE, TOOL_CALLS -> "STOP";
            case LENGTH -> "MAX_TOKENS";
            case CONTENT_FILTER -> "SAFETY";
        };
    }

    private static Candidate blocked(int index) {
        return new Candidate(null, "SAFETY", BLOCKED, null, null, index);
    }

    private static List<SafetyRating> safety(String finishReason) {
        return "SAFETY".equals(finishReason) ? BLOCKED : null;
    }

    private static CandidateContent content(Part part) {
        return new CandidateContent(List.of(part), MODEL_ROLE);
    }

    private FunctionCall call(Completion completion) {
        return new FunctionCall(completion.toolCall().name(), json.readTree(completion.text()));
    }

    private static UsageMetadata usage(int promptTokens, int outputTokens) {
        return new UsageMetadata(promptTokens, outputTokens == 0 ? null : outputTokens, promptTokens + outputTokens,
                List.of(new ModalityTokenCount("TEXT", promptTokens)));
    }

    private static Double average(List<TokenLogprob> logprobs) {
        if (logprobs == null || logprobs.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (TokenLogprob token : logprobs) {
            sum += token.logprob();
        }
        return sum / logprobs.size();
    }

    private static LogprobsResult logprobs(List<TokenLogprob> logprobs) {
        if (logprobs == null) {
            return null;
        }
        List<TopCandidates> top = new ArrayList<>(logprobs.size());
        List<LogprobCandidate> chosen = new ArrayList<>(logprobs.size());
        for (TokenLogprob token : logprobs) {
            List<LogprobCandidate> alternatives = new ArrayList<>(token.top().size());
            for (TopLogprob alternative : token.top()) {
                alternatives.add(new LogprobCandidate(alternative.token(), alternative.logprob()));
            }
            top.add(new TopCandidates(alternatives));
            chosen.add(new LogprobCandidate(token.token(), token.logprob()));
        }
        return new LogprobsResult(top, chosen);
    }
}
