package dev.llmpool.core.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a batch's {@code errors.data}, OpenAI's shape.
 *
 * @param line the 1-based line of the input file, or null when the error is not about one line
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchError(String code, String message, String param, Integer line) {
}
