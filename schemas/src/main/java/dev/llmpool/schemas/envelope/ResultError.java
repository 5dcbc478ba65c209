package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Why a job failed, in OpenAI's error vocabulary plus the pool's error class. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResultError(ErrorClass errorClass, String type, String code, String message) {

    public static ResultError of(ErrorClass errorClass, String message) {
        return new ResultError(errorClass, errorClass.openAiType(), errorClass.code(), message);
    }
}
