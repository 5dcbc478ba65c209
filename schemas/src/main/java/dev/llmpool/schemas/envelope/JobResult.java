package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job's final result on {@code llm.results} and in Redis, schema {@code job-result.v1.json}.
 *
 * @param response the answer in OpenAI shape ({@code model} is the catalog model that answered)
 * @param cached   true when the answer came from the exact-match cache
 * @param routing  the router's decision trace when the job took a route (route, what chose it, each tier's scores
 *                 and cost, the outcome and why; {@code summary} is its one-line form), else null
 * @param embeddings an embeddings job's answer, in place of {@code response}
 * @param tenant   the job's tenant as its request named it, {@value #NO_TENANT} for a job of none (so the usage meter
 *                 need not read the job's record); null only in a result written before results carried it
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobResult(
        int schemaVersion,
        String correlationId,
        JobStatus status,
        String model,
        String provider,
        ChatCompletion response,
        ResultError error,
        boolean cached,
        List<AttemptSummary> attempts,
        Instant createdAt,
        Instant completedAt,
        Map<String, String> metadata,
        JsonNode routing,
        EmbeddingsResponse embeddings,
        String tenant) implements JobResultBuilder.With {

    public static final int VERSION = 1;

    /** {@code tenant} of a job of no tenant. */
    public static final String NO_TENANT = "";

    /** What {@code tenant} holds for a job whose request named {@code tenant} (null: none). */
    public static String tenantField(String tenant) {
        return tenant == null ? NO_TENANT : tenant;
    }

    /** Whether this result says whose job it was (false only for a result written before results carried it). */
    public boolean namesTenant() {
        return tenant != null;
    }

    /** The job's tenant as {@link #tenantField} wrote it: null for a job of none. */
    public String namedTenant() {
        return tenant == null || tenant.equals(NO_TENANT) ? null : tenant;
    }

    /** A builder of a version-{@value #VERSION} result; every other component is named where it is set. */
    public static JobResultBuilder builder() {
        return JobResultBuilder.builder().schemaVersion(VERSION);
    }

    public JobResult {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
