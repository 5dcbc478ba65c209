package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** {@code mode} AUTO, ANY, NONE or VALIDATED; with ANY, the functions the model must pick from. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionCallingConfig(
        String mode,
        @JsonAlias("allowed_function_names") List<String> allowedFunctionNames) {
}
