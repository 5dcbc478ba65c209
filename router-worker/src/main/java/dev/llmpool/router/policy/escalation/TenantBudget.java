package dev.llmpool.router.policy.escalation;

import dev.llmpool.router.policy.features.Features;

/**
 * What the tenant of a request (and the key that submitted it) may still spend on it, in US dollars: the tightest of
 * their budgets, counting the request's own reservation as room. The hook for budgets; without budgets every tenant
 * is unlimited. Implementations the router calls from its pure core must answer from memory (a value read before the
 * decision), never by I/O.
 */
@FunctionalInterface
public interface TenantBudget {

    TenantBudget UNLIMITED = features -> Double.POSITIVE_INFINITY;

    double remainingUsd(Features features);
}
