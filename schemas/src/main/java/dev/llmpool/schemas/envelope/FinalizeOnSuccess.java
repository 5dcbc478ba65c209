package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The router's decision carried on an attempt ({@code finalize_on_success}): a successful answer that is not a
 * refusal ends the job, so the worker that gets it finalizes the job itself, and this block is everything the worker
 * needs besides the attempt to build the {@link JobResult} exactly as the router would (the model, provider and
 * {@code created_at} are the attempt's). Written only for attempts whose success the router judges in advance (a
 * pinned model, no scorers).
 *
 * @param earlierAttempts  the job's attempts before this one, as the result reports them
 * @param inputUsdPerMtok  the model's input price (US dollars per million tokens), to price this attempt
 * @param outputUsdPerMtok the model's output price
 * @param cacheKey         the cache entry to write the answer under, or null not to write the cache
 * @param cacheTtlSeconds  how long that entry lives (with {@code cacheKey})
 * @param metadata         the job's metadata, returned with the result
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FinalizeOnSuccess(
        List<AttemptSummary> earlierAttempts,
        double inputUsdPerMtok,
        double outputUsdPerMtok,
        String cacheKey,
        Long cacheTtlSeconds,
        Map<String, String> metadata) {

    public FinalizeOnSuccess {
        earlierAttempts = earlierAttempts == null ? List.of() : List.copyOf(earlierAttempts);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static FinalizeOnSuccessBuilder builder() {
        return FinalizeOnSuccessBuilder.builder();
    }
}
