package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A whole answer, or one chunk of a stream (then with partial parts, the finish reason on the last). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerateContentResponse(
        List<Candidate> candidates,
        UsageMetadata usageMetadata,
        String modelVersion,
        String responseId) {
}
