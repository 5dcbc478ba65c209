package dev.llmpool.gateway.pipelines;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.llmpool.core.summarize.SummaryState;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A summarization pipeline as {@code POST} and {@code GET /v1/pipelines/summarize} show it: its status, its progress
 * once planned (chunks and calls, done and in all), and its result once it has one ({@code summarize-result.v1.json}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "object", "status", "created_at", "updated_at", "progress", "result"})
public record SummaryView(String id, String object, JobStatus status, String createdAt, String updatedAt,
                          Progress progress, JsonNode result) {

    public static final String OBJECT = "llmpool.pipeline.summarize";

    /** Chunks and calls (chunks and reduces), done and in all. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"chunks_done", "chunks", "calls_done", "calls"})
    public record Progress(int chunksDone, int chunks, int callsDone, int calls) {
    }

    public static SummaryView of(SummaryState state, JsonCodec codec) {
        JsonNode result = state.result() == null ? null : codec.readTree(state.result());
        Progress progress = null;
        if (result != null && result.hasNonNull("chunks")) {
            int chunks = result.get("chunks").asInt();
            int calls = result.get("calls").asInt();
            progress = new Progress(chunks, chunks, calls, calls);
        } else if (state.chunks() > 0) {
            progress = new Progress(state.chunksDone(), state.chunks(), state.callsDone(), state.calls());
        }
        return new SummaryView(state.id(), OBJECT, state.status(), state.createdAt(), state.updatedAt(), progress,
                result);
    }
}
