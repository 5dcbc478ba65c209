package dev.llmpool.workers.provider.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Sampling and output settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GenerationConfig(
        Double temperature,
        Double topP,
        Integer topK,
        Integer candidateCount,
        Integer maxOutputTokens,
        List<String> stopSequences,
        String responseMimeType,
        JsonNode responseJsonSchema,
        Boolean responseLogprobs,
        Integer logprobs,
        Long seed,
        Double presencePenalty,
        Double frequencyPenalty) {
}
