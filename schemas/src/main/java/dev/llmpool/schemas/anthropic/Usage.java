package dev.llmpool.schemas.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Token usage; {@code input_tokens} excludes the cached input, counted apart. In a stream's
 * {@code message_delta} the counts are cumulative.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Usage(Integer inputTokens, Integer outputTokens, Integer cacheCreationInputTokens,
                    Integer cacheReadInputTokens) {
}
