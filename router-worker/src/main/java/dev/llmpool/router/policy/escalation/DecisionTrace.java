package dev.llmpool.router.policy.escalation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmpool.router.policy.rules.SkippedTier;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Why a request got the answer it got, as the job result will carry it.
 *
 * @param matchedBy    what chose the route: {@code rule <name>}, {@code alias <name>}, {@code default}, {@code pin}
 * @param skipped      tiers of the route this request could not use
 * @param attempts     each tier tried: model, scores with reasons, usage, cost
 * @param outcome      {@code dispatch}, {@code escalate}, {@code accepted}, {@code returned_best},
 *                     {@code returned_streamed} (the answer had already been streamed), {@code refused},
 *                     {@code failed} (no tier answered)
 * @param finalTier    the route position of the answer returned (or of the tier dispatched next), null when none
 * @param totalCostUsd the cost of every attempt so far
 * @param reason       why the decision was taken, in a sentence
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionTrace(String route, String matchedBy, List<SkippedTier> skipped, List<AttemptTrace> attempts,
                            String outcome, Integer finalTier, String finalModel, double totalCostUsd,
                            String reason) {

    public DecisionTrace {
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** The trace with another outcome and reason (the job ended otherwise than the policy's last decision said). */
    public DecisionTrace ending(String newOutcome, String newReason) {
        return new DecisionTrace(route, matchedBy, skipped, attempts, newOutcome, finalTier, finalModel, totalCostUsd,
                newReason);
    }

    /** {@link #shortForm()}, written into the JSON form as {@code summary}. */
    @JsonProperty(value = "summary", access = JsonProperty.Access.READ_ONLY)
    public String summary() {
        return shortForm();
    }

    /**
     * The short form for response headers: {@code route=balanced; rule=code; tiers=gpt-4o-mini:0.41,gpt-4o:0.93;
     * final=gpt-4o; cost=0.001234}.
     */
    public String shortForm() {
        StringBuilder sb = new StringBuilder("route=").append(route).append("; by=").append(matchedBy.replace(' ', ':'))
                .append("; tiers=");
        for (int i = 0; i < attempts.size(); i++) {
            AttemptTrace a = attempts.get(i);
            sb.append(i == 0 ? "" : ",").append(a.model()).append(':')
                    .append(a.hardFailed() ? "fail" : String.format(Locale.ROOT, "%.2f", a.score()));
        }
        if (finalModel != null) {
            sb.append("; final=").append(finalModel);
        }
        return sb.append("; cost=").append(String.format(Locale.ROOT, "%.6f", totalCostUsd)).toString();
    }
}
