package dev.llmpool.router.machine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.schemas.openai.ChatCompletion;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What one tier of a route gave: its answer (kept so a lower tier's answer can still be returned as the best) or
 * why it gave none.
 *
 * @param position   the tier's position among the plan's usable tiers
 * @param attempt    the attempt that answered (or failed last) on this tier
 * @param model      the catalog model that answered (the tier's, or a fallback of it)
 * @param completion the answer, null when the tier failed
 * @param failure    why the tier failed, null when it answered
 * @param judgeScore the judge model's verdict on the answer in [0,1], null when none was asked or it gave none
 * @param judgeCost  what asking the judge cost (US dollars), null when it was not asked
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TierAnswer(int position, int attempt, String model, ChatCompletion completion, String failure,
                         Double judgeScore, Double judgeCost) {

    public static TierAnswer answered(int position, int attempt, String model, ChatCompletion completion) {
        return new TierAnswer(position, attempt, model, completion, null, null, null);
    }

    public static TierAnswer failed(int position, int attempt, String model, String failure) {
        return new TierAnswer(position, attempt, model, null, failure, null, null);
    }

    /** The answer with the judge's verdict (null when it gave none) and what asking cost. */
    public TierAnswer judged(Double score, double cost) {
        return new TierAnswer(position, attempt, model, completion, failure, score, cost);
    }
}
