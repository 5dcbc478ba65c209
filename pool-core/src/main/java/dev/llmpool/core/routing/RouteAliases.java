package dev.llmpool.core.routing;

import java.util.Set;

/**
 * The model names that mean a route rather than a catalog model: the routing rules' auto aliases and each route's
 * aliases, as {@link RulesOutline#aliases()} reads them, which is also how the router reads them. What the gateway
 * needs to accept such a name (a route alias that is also a catalog model id is refused by the router).
 */
public record RouteAliases(Set<String> names) {

    public static final RouteAliases NONE = new RouteAliases(Set.of());

    public RouteAliases {
        names = Set.copyOf(names);
    }

    public boolean contains(String name) {
        return name != null && names.contains(name);
    }

    /** The route aliases of a rules file's text; a problem is a {@link RulesException} naming the line. */
    public static RouteAliases parse(String yamlText) {
        return RulesOutline.read(yamlText, "routing rules").aliases();
    }
}
