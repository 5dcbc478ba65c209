package dev.llmpool.core.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.core.io.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The model names that mean a route rather than a catalog model: the routing rules' {@code auto_aliases} and each
 * route's {@code aliases}. What the gateway needs to accept such a name (the router reads and validates the whole
 * rules file; a name in both the rules and the catalog is refused there).
 */
public record RouteAliases(Set<String> names) {

    public static final RouteAliases NONE = new RouteAliases(Set.of());

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    public RouteAliases {
        names = Set.copyOf(names);
    }

    public boolean contains(String name) {
        return name != null && names.contains(name);
    }

    public static RouteAliases load(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return parse(YAML.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read routing rules " + resource.getDescription(), e);
        }
    }

    public static RouteAliases parse(String yamlText) {
        return parse(YAML.readTree(yamlText));
    }

    private static RouteAliases parse(JsonNode root) {
        Set<String> names = new LinkedHashSet<>();
        if (root == null) {
            return NONE;
        }
        strings(root.get("auto_aliases"), names);
        JsonNode routes = root.get("routes");
        if (routes != null && routes.isObject()) {
            for (JsonNode route : routes.values()) {
                strings(route.get("aliases"), names);
            }
        }
        return new RouteAliases(names);
    }

    private static void strings(JsonNode node, Set<String> into) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> into.add(n.asString()));
        } else {
            into.add(node.asString());
        }
    }
}
