package dev.llmpool.router.policy.features;

/** Which model names mean a route (and so are not a pin on one model): the rules' aliases. */
@FunctionalInterface
public interface RouteNames {

    /** No name is a route: every named model is a pin. */
    RouteNames NONE = name -> false;

    boolean isRoute(String name);

    /** The pre-generation router the rules name, or null: it gives each request its {@code pre_score}. */
    default PreScorer preScorer() {
        return null;
    }
}
