package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What a chunk adds to a choice; only the fields it changes are present. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkDelta(
        String role,
        String content,
        String refusal,
        @JsonProperty("tool_calls") List<ToolCallDelta> toolCalls) {

    /** The empty delta of a chunk that only carries a finish reason. */
    public static final ChunkDelta EMPTY = new ChunkDelta(null, null, null, null);
}
