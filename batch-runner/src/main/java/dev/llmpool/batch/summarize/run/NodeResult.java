package dev.llmpool.batch.summarize.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A node's summary as checkpointed: what a model answered, or an extractive summary where its job failed for good.
 *
 * @param model   the catalog model that answered, or {@value #EXTRACTIVE}
 * @param costUsd what the call cost at the catalog's prices (0 for an answer from the cache or a fallback)
 * @param error   why the job failed, for a fallback
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeResult(String summary, String model, int promptTokens, int completionTokens, double costUsd,
                         boolean cached, boolean fallback, String error) {

    /** The model name of an extractive summary. */
    public static final String EXTRACTIVE = "extractive";

    public static NodeResult answered(String summary, String model, int promptTokens, int completionTokens,
                                      double costUsd, boolean cached) {
        return new NodeResult(summary, model, promptTokens, completionTokens, costUsd, cached, false, null);
    }

    public static NodeResult fallback(String summary, String error) {
        return new NodeResult(summary, EXTRACTIVE, 0, 0, 0, false, true, error);
    }
}
