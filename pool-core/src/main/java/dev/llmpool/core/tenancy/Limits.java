package dev.llmpool.core.tenancy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What a key, or a whole tenant, may use; every part optional (null: no limit).
 *
 * @param rpm          requests a minute
 * @param tpm          tokens a minute (each request's prompt plus its completion cap, counted when it is admitted)
 * @param budgetUsd    US dollars a {@code budgetPeriod}
 * @param budgetPeriod when the budget starts again ({@code day} when a budget is given without one)
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Limits(Long rpm, Long tpm, Double budgetUsd, BudgetPeriod budgetPeriod) {

    public static final Limits NONE = new Limits(null, null, null, null);

    public Limits {
        requirePositive("rpm", rpm);
        requirePositive("tpm", tpm);
        if (budgetUsd != null && (budgetUsd.isNaN() || budgetUsd < 0 || budgetUsd.isInfinite())) {
            throw new IllegalArgumentException("a budget is a number of dollars, at least 0, not " + budgetUsd);
        }
        budgetPeriod = budgetUsd != null && budgetPeriod == null ? BudgetPeriod.DAY : budgetPeriod;
    }

    public static LimitsBuilder builder() {
        return LimitsBuilder.builder();
    }

    @JsonIgnore
    public boolean hasBudget() {
        return budgetUsd != null;
    }

    @JsonIgnore
    public boolean none() {
        return rpm == null && tpm == null && budgetUsd == null;
    }

    private static void requirePositive(String name, Long value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
