package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Why an attempt failed, classified once by the worker.
 *
 * @param retryAfterMs the wait the provider asked for, when it said
 * @param providerCode the provider's own error code or type, for diagnosis (never a key)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttemptError(ErrorClass errorClass, String message, Integer httpStatus, Long retryAfterMs,
                           String providerCode) {
}
