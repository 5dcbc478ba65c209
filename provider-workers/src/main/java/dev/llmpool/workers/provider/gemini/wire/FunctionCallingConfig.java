package dev.llmpool.workers.provider.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Mode {@code AUTO}, {@code ANY}, {@code NONE} or {@code VALIDATED}; with {@code ANY} the allowed
 * functions, when limited.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionCallingConfig(String mode, List<String> allowedFunctionNames) {
}
