package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A tool: function declarations (search, code execution and the other built-in tools are ignored). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Tool(@JsonAlias("function_declarations") List<FunctionDeclaration> functionDeclarations) {
}
