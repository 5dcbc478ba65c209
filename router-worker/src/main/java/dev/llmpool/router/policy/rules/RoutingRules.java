package dev.llmpool.router.policy.rules;

import dev.llmpool.router.policy.features.PreScorer;
import dev.llmpool.router.policy.features.RouteNames;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded, validated rules file.
 *
 * @param autoAliases  model names meaning "let the rules choose" (e.g. {@code auto})
 * @param defaultRoute the route taken when no rule matches
 * @param routes       routes by name, in file order
 * @param rules        in order; the first match wins
 * @param source       where the rules came from
 * @param preScorer    the pre-generation router of {@code pre_router}, giving each request its {@code pre_score}, or
 *                     null
 */
public record RoutingRules(Set<String> autoAliases, String defaultRoute, Map<String, Route> routes, List<Rule> rules,
                           String source, PreScorer preScorer) implements RouteNames {

    public RoutingRules(Set<String> autoAliases, String defaultRoute, Map<String, Route> routes, List<Rule> rules,
                        String source) {
        this(autoAliases, defaultRoute, routes, rules, source, null);
    }

    public RoutingRules {
        autoAliases = Set.copyOf(autoAliases);
        routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        rules = List.copyOf(rules);
    }

    /** Whether a requested model name means a route (an auto alias or a route's alias) rather than a model. */
    @Override
    public boolean isRoute(String name) {
        return name != null && (autoAliases.contains(name) || routeByAlias(name).isPresent());
    }

    public Optional<Route> routeByAlias(String name) {
        return routes.values().stream().filter(r -> r.aliases().contains(name)).findFirst();
    }

    public Route route(String name) {
        Route route = routes.get(name);
        if (route == null) {
            throw new IllegalArgumentException("no route " + name);
        }
        return route;
    }

    /** The same rules with one tier's threshold changed (calibration). */
    public RoutingRules withThreshold(String route, int tier, double threshold) {
        Map<String, Route> copy = new LinkedHashMap<>(routes);
        copy.put(route, route(route).withThreshold(tier, threshold));
        return new RoutingRules(autoAliases, defaultRoute, copy, rules, source, preScorer);
    }

    /** The same rules with one tier's {@code min_pre_score} changed (calibration). */
    public RoutingRules withMinPreScore(String route, int tier, Double minPreScore) {
        Map<String, Route> copy = new LinkedHashMap<>(routes);
        copy.put(route, route(route).withMinPreScore(tier, minPreScore));
        return new RoutingRules(autoAliases, defaultRoute, copy, rules, source, preScorer);
    }

    /** The same rules with one route replaced. */
    public RoutingRules withRoute(Route route) {
        Map<String, Route> copy = new LinkedHashMap<>(routes);
        copy.put(route.name(), route);
        return new RoutingRules(autoAliases, defaultRoute, copy, rules, source, preScorer);
    }

    /** The same rules with their rules list replaced (calibration of rule thresholds). */
    public RoutingRules withRules(List<Rule> newRules) {
        return new RoutingRules(autoAliases, defaultRoute, routes, newRules, source, preScorer);
    }

    /** The same rules scoring requests with another pre-generation router (one trained on a split). */
    public RoutingRules withPreScorer(PreScorer scorer) {
        return new RoutingRules(autoAliases, defaultRoute, routes, rules, source, scorer);
    }
}
