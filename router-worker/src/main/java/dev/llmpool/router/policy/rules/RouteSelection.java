package dev.llmpool.router.policy.rules;

/** The route a request takes, or why it has none. */
public sealed interface RouteSelection {

    record Planned(RoutePlan plan) implements RouteSelection {
    }

    /**
     * @param modelNotFound true when the requested name is neither a route nor a catalog model; false when no
     *                      tier's context window can hold the request
     */
    record Unroutable(boolean modelNotFound, String message) implements RouteSelection {
    }
}
