package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The body of {@code :generateContent} and {@code :streamGenerateContent}: the fields the simulator reads. Like the
 * real API it accepts the proto's snake_case names too. Unknown names are rejected before binding (see
 * {@code GeminiMapper}), as Google does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GenerateContentRequest(
        List<Content> contents,
        @JsonAlias("system_instruction") Content systemInstruction,
        @JsonAlias("generation_config") GenerationConfig generationConfig,
        List<Tool> tools,
        @JsonAlias("tool_config") ToolConfig toolConfig) {
}
