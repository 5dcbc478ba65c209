package dev.llmpool.batch.lines;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A line of a batch's output or error file, OpenAI's shape:
 * {@code {"id","custom_id","response":{"status_code","request_id","body"},"error":null}} for a line that ran (its
 * body the chat completion, or OpenAI's error body when the job failed), {@code {"id","custom_id","response":null,
 * "error":{"code","message"}}} for a line that never ran (expired, cancelled).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutputLine(String id, String customId, Response response, Error error) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Response(int statusCode, String requestId, JsonNode body) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Error(String code, String message) {
    }

    /** True for a line of the output file: a response with status 200 and no error. */
    public boolean completed() {
        return error == null && response != null && response.statusCode() == 200;
    }
}
