package dev.llmpool.router.policy.features;

/** Which model names mean a route (and so are not a pin on one model): the rules' aliases. */
@FunctionalInterface
public interface RouteNames {

    /** No name is a route: every named model is a pin. */
    RouteNames NONE = name -> false;

    boolean isRoute(String name);
}
