package dev.llmpool.gateway.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.core.redis.JobView;
import dev.llmpool.schemas.envelope.JobStatus;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job as the job API shows it ({@code object: "llmpool.job"}); times are Unix seconds like OpenAI's objects,
 * {@code result} is the stored {@link dev.llmpool.schemas.envelope.JobResult} once the job is terminal.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobObject(String id, String object, JobStatus status, Long createdAt, Long updatedAt, JsonNode result,
                        Links links) {

    public static final String OBJECT = "llmpool.job";

    public record Links(String self, String events) {

        public static Links of(String id) {
            return new Links("/v1/jobs/" + id, "/v1/jobs/" + id + "/events");
        }
    }

    /** The object for a stored job; {@code result} is the parsed result JSON (null until terminal). */
    public static JobObject of(JobView view, JsonNode result) {
        return new JobObject(view.correlationId(), OBJECT, view.status(), seconds(view.createdAt()),
                seconds(view.updatedAt()), view.status().terminal() ? result : null, Links.of(view.correlationId()));
    }

    private static Long seconds(String instant) {
        if (instant == null) {
            return null;
        }
        try {
            return Instant.parse(instant).getEpochSecond();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
