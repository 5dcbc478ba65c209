package dev.llmpool.workers.provider.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The body of {@code generateContent} and {@code streamGenerateContent}; the model is in the path. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GenerateContentRequest(
        List<Content> contents,
        Content systemInstruction,
        GenerationConfig generationConfig,
        List<Tool> tools,
        ToolConfig toolConfig) {
}
