package dev.llmpool.gateway.responses;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One output item: a {@code message} (assistant role, {@code output_text} and {@code refusal} parts) or a
 * {@code function_call} ({@code call_id}, {@code name}, {@code arguments}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutputItem(String type, String id, String status, String role, List<OutputContent> content,
                         String callId, String name, String arguments) {

    public static OutputItem message(String id, String status, List<OutputContent> content) {
        return new OutputItem("message", id, status, "assistant", content, null, null, null);
    }

    public static OutputItem functionCall(String id, String status, String callId, String name, String arguments) {
        return new OutputItem("function_call", id, status, null, null, callId, name, arguments);
    }
}
