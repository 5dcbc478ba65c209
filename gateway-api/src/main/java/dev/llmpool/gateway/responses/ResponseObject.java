package dev.llmpool.gateway.responses;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
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
@RecordBuilder
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
        Map<String, String> metadata) implements ResponseObjectBuilder.With {

    public static final String OBJECT = "response";

    /** A response as it starts: {@code in_progress}, no output yet, the settings OpenAI echoes at their defaults. */
    public static ResponseObjectBuilder started(String id, long createdAt, String model) {
        return ResponseObjectBuilder.builder().id(id).object(OBJECT).createdAt(createdAt).status("in_progress")
                .model(model).output(List.of()).parallelToolCalls(true).truncation("disabled").metadata(Map.of());
    }

    /** The same response with another status, output, usage and error (a stream's stages, a failure). */
    public ResponseObject with(String newStatus, List<OutputItem> newOutput, ResponseUsage newUsage,
                               JsonNode newError, JsonNode newIncomplete) {
        return with(b -> b.status(newStatus).output(newOutput).usage(newUsage).error(newError)
                .incompleteDetails(newIncomplete));
    }
}
