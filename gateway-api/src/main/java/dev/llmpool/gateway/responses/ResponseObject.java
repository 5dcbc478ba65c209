package dev.llmpool.gateway.responses;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A response ({@code object: "response"}), every field written (null where there is none) as OpenAI does: the
 * request's settings echoed, the output items, the usage.
 *
 * @param status {@code in_progress} (in a stream's first events), {@code completed}, {@code incomplete} (cut at the
 *               output cap) or {@code failed}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResponseObject(
        String id,
        String object,
        long createdAt,
        String status,
        JsonNode error,
        JsonNode incompleteDetails,
        String instructions,
        Integer maxOutputTokens,
        String model,
        List<OutputItem> output,
        boolean parallelToolCalls,
        String previousResponseId,
        JsonNode reasoning,
        boolean store,
        Double temperature,
        JsonNode text,
        JsonNode toolChoice,
        JsonNode tools,
        Double topP,
        String truncation,
        ResponseUsage usage,
        String user,
        Map<String, String> metadata) {

    public static final String OBJECT = "response";

    /** The same response with another status, output, usage and error (a stream's stages, a failure). */
    public ResponseObject with(String newStatus, List<OutputItem> newOutput, ResponseUsage newUsage,
                               JsonNode newError, JsonNode newIncomplete) {
        return new ResponseObject(id, object, createdAt, newStatus, newError, newIncomplete, instructions,
                maxOutputTokens, model, newOutput, parallelToolCalls, previousResponseId, reasoning, store,
                temperature, text, toolChoice, tools, topP, truncation, newUsage, user, metadata);
    }

    /** The same response naming the model that answered. */
    public ResponseObject withModel(String newModel) {
        return new ResponseObject(id, object, createdAt, status, error, incompleteDetails, instructions,
                maxOutputTokens, newModel, output, parallelToolCalls, previousResponseId, reasoning, store,
                temperature, text, toolChoice, tools, topP, truncation, usage, user, metadata);
    }
}
