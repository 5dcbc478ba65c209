package dev.llmpool.core.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Usage summed over what a report groups by; a field it does not group by is null.
 *
 * @param costUsd the cost in US dollars (from {@code costNanos})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageRow(String tenant, String keyId, String model, String day, long requests, long promptTokens,
                       long completionTokens, long costNanos, double costUsd) {

    public static UsageRow of(String tenant, String keyId, String model, String day, long requests, long prompt,
                              long completion, long costNanos) {
        return new UsageRow(tenant, keyId, model, day, requests, prompt, completion, costNanos, Money.usd(costNanos));
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** This row and {@code other} summed, keeping what both share. */
    UsageRow plus(UsageRow other) {
        return of(same(tenant, other.tenant), same(keyId, other.keyId), same(model, other.model),
                same(day, other.day), requests + other.requests, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens, costNanos + other.costNanos);
    }

    private static String same(String a, String b) {
        return a != null && a.equals(b) ? a : null;
    }
}
