package dev.llmpool.gateway.responses;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A message's content part: {@code output_text} (with {@code annotations} and {@code logprobs}) or {@code refusal}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutputContent(String type, String text, List<JsonNode> annotations, List<JsonNode> logprobs,
                            String refusal) {

    public static OutputContent text(String text) {
        return new OutputContent("output_text", text, List.of(), List.of(), null);
    }

    public static OutputContent refusal(String refusal) {
        return new OutputContent("refusal", null, null, null, refusal);
    }
}
