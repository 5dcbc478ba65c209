package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code generationConfig}: sampling, length, stop sequences, JSON output and log probabilities. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GenerationConfig(
        Double temperature,
        @JsonAlias("top_p") Double topP,
        @JsonAlias("top_k") Integer topK,
        @JsonAlias("candidate_count") Integer candidateCount,
        @JsonAlias("max_output_tokens") Integer maxOutputTokens,
        @JsonAlias("stop_sequences") List<String> stopSequences,
        @JsonAlias("response_mime_type") String responseMimeType,
        @JsonAlias("response_schema") JsonNode responseSchema,
        @JsonAlias({"response_json_schema", "_responseJsonSchema"}) JsonNode responseJsonSchema,
        @JsonAlias("response_logprobs") Boolean responseLogprobs,
        Integer logprobs) {
}
