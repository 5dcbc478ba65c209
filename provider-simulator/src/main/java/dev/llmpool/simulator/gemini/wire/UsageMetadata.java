package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Token counts; in a stream every chunk carries them, cumulative, so the last chunk's are the call's. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageMetadata(
        int promptTokenCount,
        Integer candidatesTokenCount,
        int totalTokenCount,
        List<ModalityTokenCount> promptTokensDetails) {
}
