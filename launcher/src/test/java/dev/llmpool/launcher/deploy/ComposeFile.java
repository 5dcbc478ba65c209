package dev.llmpool.launcher.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose.yml} read the way Compose reads it: YAML with anchors and merge keys ({@code <<}), then
 * {@code ${VAR}}, {@code ${VAR:-default}} and {@code $$} interpolation against a given environment (empty = the
 * defaults written in the file). SnakeYAML, not Jackson, because Jackson's YAML module does not resolve merge keys.
 */
final class ComposeFile {

    /** {@code $$}, {@code ${NAME}}, {@code ${NAME:-x}}, {@code ${NAME-x}}, {@code ${NAME:?x}}, {@code ${NAME?x}}, {@code $NAME}. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    private final Map<String, Object> root;

    private ComposeFile(Map<String, Object> root) {
        this.root = root;
    }

    /** The repository root: the nearest directory upwards holding both {@code docker-compose.yml} and {@code pom.xml}. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docker-compose.yml")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + dir);
    }

    static ComposeFile load(Path file, Map<String, String> env) {
        try {
            return parse(Files.readString(file), env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static ComposeFile parse(String yaml, Map<String, String> env) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(tree instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a compose file is a mapping at the top");
        }
        return new ComposeFile((Map<String, Object>) interpolate(map, env));
    }

    Map<String, Object> root() {
        return root;
    }

    Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        mapping(root.get("services"), "services").forEach((name, spec) ->
                services.put(name, new Service(name, mapping(spec, "services." + name))));
        return services;
    }

    Service service(String name) {
        Service service = services().get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** Compose interpolation of one string. */
    static String interpolate(String value, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = "$";
            } else if (m.group(5) != null) {
                replacement = env.getOrDefault(m.group(5), "");
            } else {
                String name = m.group(2);
                String operator = m.group(3);
                String set = env.get(name);
                if (operator == null) {
                    replacement = set == null ? "" : set;
                } else {
                    boolean missing = operator.startsWith(":") ? set == null || set.isEmpty() : set == null;
                    if (operator.endsWith("?") && missing) {
                        throw new IllegalArgumentException("required variable " + name + ": " + m.group(4));
                    }
                    replacement = missing && operator.endsWith("-") ? m.group(4) : set == null ? "" : set;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object interpolate(Object node, Map<String, String> env) {
        if (node instanceof String s) {
            return interpolate(s, env);
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), interpolate(v, env)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(interpolate(v, env)));
            return copy;
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapping(Object node, String where) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?>)) {
            throw new AssertionError(where + " must be a mapping, is " + node);
        }
        return (Map<String, Object>) node;
    }

    /** One service and the parts of it the tests read. */
    record Service(String name, Map<String, Object> spec) {

        boolean has(String key) {
            return spec.containsKey(key);
        }

        String image() {
            return (String) spec.get("image");
        }

        /** The command as an argument list (the list form, or a string split on blanks as Compose does). */
        List<String> command() {
            Object command = spec.get("command");
            if (command == null) {
                return List.of();
            }
            if (command instanceof List<?> list) {
                return list.stream().map(String::valueOf).toList();
            }
            return List.of(String.valueOf(command).trim().split("\\s+"));
        }

        /** The environment; a variable listed without a value (passed through from the shell) maps to null. */
        Map<String, String> environment() {
            Object env = spec.get("environment");
            Map<String, String> vars = new LinkedHashMap<>();
            if (env instanceof Map<?, ?> map) {
                map.forEach((k, v) -> vars.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
            } else if (env instanceof List<?> list) {
                for (Object item : list) {
                    String entry = String.valueOf(item);
                    int eq = entry.indexOf('=');
                    vars.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : entry.substring(eq + 1));
                }
            }
            return vars;
        }

        Map<String, Object> healthcheck() {
            return mapping(spec.get("healthcheck"), name + ".healthcheck");
        }

        /** The health check's command as a list, without its {@code CMD} / {@code CMD-SHELL} marker. */
        List<String> healthcheckCommand() {
            Object test = healthcheck().get("test");
            if (test instanceof List<?> list && !list.isEmpty()) {
                List<String> args = list.stream().map(String::valueOf).toList();
                return args.getFirst().startsWith("CMD") ? args.subList(1, args.size()) : args;
            }
            return test == null ? List.of() : List.of(String.valueOf(test));
        }

        Map<String, Object> dependsOn() {
            Object deps = spec.get("depends_on");
            if (deps instanceof List<?> list) {
                Map<String, Object> conditions = new LinkedHashMap<>();
                list.forEach(d -> conditions.put(String.valueOf(d), Map.of("condition", "service_started")));
                return conditions;
            }
            return mapping(deps, name + ".depends_on");
        }

        Map<String, Object> build() {
            return mapping(spec.get("build"), name + ".build");
        }

        @SuppressWarnings("unchecked")
        List<String> stringList(String key) {
            Object value = spec.get(key);
            return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
        }
    }
}
