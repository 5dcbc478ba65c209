package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code toolConfig}: how functions may be called. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolConfig(@JsonAlias("function_calling_config") FunctionCallingConfig functionCallingConfig) {
}
