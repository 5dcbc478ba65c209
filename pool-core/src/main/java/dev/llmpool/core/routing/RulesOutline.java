package dev.llmpool.core.routing;

import dev.llmpool.core.routing.YamlNode.YMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The routing rules file's top level, read the one way every role reads it: the keys allowed there, its version,
 * the auto aliases (default {@code [auto]} when the file names none), the routes by name with their aliases, each
 * alias used once. The gateway takes the names it accepts from here ({@link #aliases()}); the router reads each
 * route's body and the rules from {@link #top()} and the routes' {@link RouteOutline#body()}, so the two can never
 * disagree on a name. What needs the catalog (models, aliases hiding a model id) is the router's to check.
 *
 * @param text        the file's text
 * @param source      where it came from, for messages
 * @param top         the top-level mapping
 * @param autoAliases model names meaning "let the rules choose", in file order
 * @param routes      the routes by name, in file order
 */
public record RulesOutline(String text, String source, YMap top, Set<String> autoAliases,
                           Map<String, RouteOutline> routes) {

    /** The auto aliases of a file without {@code auto_aliases}. */
    public static final List<String> DEFAULT_AUTO_ALIASES = List.of("auto");

    private static final Set<String> TOP = Set.of("version", "auto_aliases", "default_route", "routes", "rules",
            "pre_router");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    /**
     * One route as the top level sees it.
     *
     * @param name    its name
     * @param aliases the model names selecting it directly
     * @param body    its mapping (tiers and the rest), for the router to read
     */
    public record RouteOutline(String name, List<String> aliases, YMap body) {
        public RouteOutline {
            aliases = List.copyOf(aliases);
        }
    }

    public RulesOutline {
        autoAliases = Collections.unmodifiableSet(new LinkedHashSet<>(autoAliases));
        routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    /** Reads the top level of {@code text}; a problem is a {@link RulesException} naming the line. */
    public static RulesOutline read(String text, String source) {
        NodeReader in = new NodeReader(source);
        YMap top = in.map(YamlNode.parse(text, source), "the rules file");
        in.keys(top, TOP, "the rules file");
        YamlNode version = top.get("version");
        if (version != null && !Long.valueOf(1).equals(in.scalar(version, "version"))) {
            throw in.error(version, "version must be 1");
        }
        Set<String> auto = new LinkedHashSet<>(top.get("auto_aliases") == null ? DEFAULT_AUTO_ALIASES
                : in.strings(top.get("auto_aliases"), "auto_aliases"));
        return new RulesOutline(text, source, top, auto, routes(in, in.required(top, "routes", "the rules file"), auto));
    }

    private static Map<String, RouteOutline> routes(NodeReader in, YamlNode node, Set<String> auto) {
        YMap map = in.map(node, "routes");
        if (map.entries().isEmpty()) {
            throw in.error(node, "routes is empty");
        }
        Map<String, RouteOutline> routes = new LinkedHashMap<>();
        Map<String, String> aliasOwners = new HashMap<>();
        auto.forEach(a -> aliasOwners.put(a, "auto_aliases"));
        for (var entry : map.entries().entrySet()) {
            String name = entry.getKey();
            if (!NAME.matcher(name).matches()) {
                throw in.error(map.keyLine(name), "route name '" + name + "' must be letters, digits, '.', '_', '-'");
            }
            YMap body = in.map(entry.getValue(), "route " + name);
            YamlNode aliasNode = body.get("aliases");
            List<String> aliases = aliasNode == null ? List.of() : in.strings(aliasNode, "aliases");
            for (String alias : aliases) {
                String owner = aliasOwners.putIfAbsent(alias, "route " + name);
                if (owner != null) {
                    throw in.error(aliasNode, "alias '" + alias + "' of route " + name + " is already used by " + owner);
                }
            }
            routes.put(name, new RouteOutline(name, aliases, body));
        }
        return routes;
    }

    /** The model names meaning a route: the auto aliases and every route's aliases (a route's name is not one). */
    public RouteAliases aliases() {
        Set<String> names = new LinkedHashSet<>(autoAliases);
        routes.values().forEach(route -> names.addAll(route.aliases()));
        return new RouteAliases(names);
    }
}
