package dev.llmpool.core.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A batch as the Batch API answers it, field for field as OpenAI's (nulls written). Timestamps are epoch seconds.
 *
 * @param errors validation errors of a {@code failed} batch, else null
 * @param model  OpenAI names the model of a batch's requests; the pool leaves it null (lines may name different
 *               models and routes)
 * @param usage  tokens of the completed lines so far
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchObject(String id, String object, String endpoint, String model, Errors errors,
                          String inputFileId, String completionWindow, BatchStatus status, String outputFileId,
                          String errorFileId, long createdAt, Long inProgressAt, Long expiresAt, Long finalizingAt,
                          Long completedAt, Long failedAt, Long expiredAt, Long cancellingAt, Long cancelledAt,
                          RequestCounts requestCounts, Usage usage, Map<String, String> metadata) {

    public static final String OBJECT = "batch";

    /** {@code {"object":"list","data":[{code, message, param, line}]}}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Errors(String object, List<BatchError> data) {
        public static Errors of(List<BatchError> data) {
            return new Errors("list", List.copyOf(data));
        }
    }

    public record RequestCounts(long total, long completed, long failed) {
    }

    /** OpenAI's batch usage: tokens of the lines that completed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Usage(long inputTokens, InputDetails inputTokensDetails, long outputTokens,
                        OutputDetails outputTokensDetails, long totalTokens) {

        public static Usage of(long input, long output) {
            return new Usage(input, new InputDetails(0), output, new OutputDetails(0), input + output);
        }

        @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
        public record InputDetails(long cachedTokens) {
        }

        @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
        public record OutputDetails(long reasoningTokens) {
        }
    }
}
