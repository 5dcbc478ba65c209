package dev.llmpool.gateway.responses;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.llmpool.schemas.openai.Usage;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A response's usage: input and output tokens with their details (no cached or reasoning tokens in the pool's). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResponseUsage(int inputTokens, InputDetails inputTokensDetails, int outputTokens,
                            OutputDetails outputTokensDetails, int totalTokens) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InputDetails(int cachedTokens) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OutputDetails(int reasoningTokens) {
    }

    /** The chat usage in the Responses API's terms; none is zero. */
    public static ResponseUsage of(Usage usage) {
        int input = usage == null ? 0 : usage.promptTokens();
        int output = usage == null ? 0 : usage.completionTokens();
        return new ResponseUsage(input, new InputDetails(0), output, new OutputDetails(0), input + output);
    }
}
