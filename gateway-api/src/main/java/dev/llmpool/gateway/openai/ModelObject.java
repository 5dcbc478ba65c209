package dev.llmpool.gateway.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** OpenAI's model object ({@code object: "model"}); {@code owned_by} is the provider serving it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelObject(String id, String object, long created, String ownedBy) {

    public static final String OBJECT = "model";
}
