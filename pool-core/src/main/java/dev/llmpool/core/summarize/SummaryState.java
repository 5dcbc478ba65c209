package dev.llmpool.core.summarize;

import dev.llmpool.schemas.envelope.JobStatus;
import java.util.Map;

/**
 * A document of the summarization service as its Redis hash holds it ({@link
 * dev.llmpool.schemas.names.RedisKeys#summary}).
 *
 * @param chunks     its chunks, once planned (else 0)
 * @param chunksDone the chunks summarized so far
 * @param calls      the calls it needs when none fails, once planned (else 0)
 * @param callsDone  the calls done so far (chunks and reduces)
 * @param result     the result's JSON ({@code summarize-result.v1.json}), or null
 * @param published  whether the result is on {@code llm.summarize.results}
 */
public record SummaryState(String id, JobStatus status, String createdAt, String updatedAt, int chunks,
                           int chunksDone, int calls, int callsDone, String result, boolean published) {

    static SummaryState of(String id, Map<String, String> hash) {
        return new SummaryState(id, JobStatus.parse(hash.getOrDefault(SummaryRecords.STATUS, "queued")),
                hash.get("created_at"), hash.get("updated_at"), number(hash.get("chunks")),
                number(hash.get("chunks_done")), number(hash.get("calls")), number(hash.get("calls_done")),
                hash.get(SummaryRecords.RESULT), hash.containsKey(SummaryRecords.PUBLISHED_AT));
    }

    private static int number(String value) {
        return value == null ? 0 : Integer.parseInt(value);
    }
}
