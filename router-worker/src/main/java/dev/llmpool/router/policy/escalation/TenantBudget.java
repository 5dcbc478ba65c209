package dev.llmpool.router.policy.escalation;

/**
 * What a tenant may still spend, in US dollars, not counting the request being decided. The hook for budgets;
 * without budgets every tenant is unlimited. Implementations the router calls from its pure core must answer from
 * memory (a value read before the decision), never by I/O.
 */
@FunctionalInterface
public interface TenantBudget {

    TenantBudget UNLIMITED = tenant -> Double.POSITIVE_INFINITY;

    double remainingUsd(String tenant);
}
