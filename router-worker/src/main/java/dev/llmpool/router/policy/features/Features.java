package dev.llmpool.router.policy.features;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.llmpool.schemas.envelope.Priority;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the router knows about a request before any model sees it. Rules read these by their snake_case name
 * ({@link #FIELDS}) or {@code metadata.<key>}.
 *
 * @param requestedModel the name the caller asked for
 * @param modelPin       the requested name when it names a model rather than a route (the rules are bypassed)
 * @param promptTokens   estimated prompt tokens (jtokkit)
 * @param maxTokens      the completion cap the caller asked for, or null
 * @param codeShare      code lines over non-blank lines of the messages' text, in [0,1]
 * @param scriptShare    the dominant script's share of all letters, in [0,1]
 * @param turns          user messages
 * @param messages       all messages
 * @param jsonRequested  {@code response_format} asks for JSON ({@code json_object} or {@code json_schema})
 * @param jsonSchema     the schema of a {@code json_schema} response format, or null
 * @param task           the {@code task} metadata entry (summarize, extract, chat, code, …), or null
 * @param samples        answers asked for ({@code n}, 1 when absent)
 * @param preScore       the pre-generation router's probability that the cheap tier's answer is acceptable, or null
 *                       when the rules name no router
 */
public record Features(
        String requestedModel,
        String modelPin,
        int promptTokens,
        Integer maxTokens,
        boolean hasCode,
        double codeShare,
        int codeBlocks,
        Script script,
        double scriptShare,
        int turns,
        int messages,
        boolean toolsRequested,
        int toolCount,
        boolean jsonRequested,
        @JsonIgnore JsonNode jsonSchema,
        String task,
        String tenant,
        Priority priority,
        boolean stream,
        int samples,
        Map<String, String> metadata,
        Double preScore) {

    /** The field names rules may use, besides {@code metadata.<key>}. */
    public static final List<String> FIELDS = List.of("requested_model", "model_pin", "prompt_tokens", "max_tokens",
            "has_code", "code_share", "code_blocks", "script", "script_share", "turns", "messages", "tools_requested",
            "tool_count", "json_requested", "json_schema", "task", "tenant", "priority", "stream", "samples",
            "pre_score");

    public static final String METADATA_PREFIX = "metadata.";

    public Features {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        script = script == null ? Script.NONE : script;
        priority = priority == null ? Priority.INTERACTIVE : priority;
    }

    /** These features with a pre-score. */
    public Features withPreScore(Double score) {
        return new Features(requestedModel, modelPin, promptTokens, maxTokens, hasCode, codeShare, codeBlocks, script,
                scriptShare, turns, messages, toolsRequested, toolCount, jsonRequested, jsonSchema, task, tenant,
                priority, stream, samples, metadata, score);
    }

    /** Whether a rule may name this field. */
    public static boolean knows(String field) {
        return FIELDS.contains(field) || field.startsWith(METADATA_PREFIX) && field.length() > METADATA_PREFIX.length();
    }

    /**
     * A field's value for rules: a {@link Number}, {@link String} or {@link Boolean}; null when it is absent.
     * Scripts and priorities are their lower-case names.
     */
    public Object field(String name) {
        if (name.startsWith(METADATA_PREFIX)) {
            return metadata.get(name.substring(METADATA_PREFIX.length()));
        }
        return switch (name) {
            case "requested_model" -> requestedModel;
            case "model_pin" -> modelPin;
            case "prompt_tokens" -> promptTokens;
            case "max_tokens" -> maxTokens;
            case "has_code" -> hasCode;
            case "code_share" -> codeShare;
            case "code_blocks" -> codeBlocks;
            case "script" -> script.json();
            case "script_share" -> scriptShare;
            case "turns" -> turns;
            case "messages" -> messages;
            case "tools_requested" -> toolsRequested;
            case "tool_count" -> toolCount;
            case "json_requested" -> jsonRequested;
            case "json_schema" -> jsonSchema == null ? null : Boolean.TRUE;
            case "task" -> task;
            case "tenant" -> tenant;
            case "priority" -> priority.json();
            case "stream" -> stream;
            case "samples" -> samples;
            case "pre_score" -> preScore;
            default -> throw new IllegalArgumentException("unknown feature '" + name + "'");
        };
    }
}
