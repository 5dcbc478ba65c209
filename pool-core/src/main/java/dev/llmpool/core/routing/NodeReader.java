package dev.llmpool.core.routing;

import dev.llmpool.core.routing.YamlNode.YMap;
import dev.llmpool.core.routing.YamlNode.YScalar;
import dev.llmpool.core.routing.YamlNode.YSeq;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Typed values read out of a rules file's {@link YamlNode} tree, each failure a {@link RulesException} naming the
 * node's line. Shared by {@link RulesOutline} (the file's top level) and the router's parser (the rest of it).
 */
public class NodeReader {

    /** Where the text came from, for messages. */
    protected final String source;

    public NodeReader(String source) {
        this.source = source;
    }

    public RulesException error(YamlNode at, String problem) {
        return new RulesException(source, at == null ? 0 : at.line(), problem);
    }

    public RulesException error(int line, String problem) {
        return new RulesException(source, line, problem);
    }

    public YMap map(YamlNode node, String what) {
        if (node instanceof YMap map) {
            return map;
        }
        throw error(node, what + " must be a mapping");
    }

    public YSeq seq(YamlNode node, String what) {
        if (node instanceof YSeq seq) {
            return seq;
        }
        throw error(node, what + " must be a list");
    }

    public Object scalar(YamlNode node, String what) {
        if (node instanceof YScalar scalar) {
            return scalar.value();
        }
        throw error(node, what + " must be a single value");
    }

    public String string(YamlNode node, String what) {
        Object value = scalar(node, what);
        if (value == null || value.toString().isBlank()) {
            throw error(node, what + " must not be empty");
        }
        return value.toString();
    }

    /** One value or a list of them. */
    public List<String> strings(YamlNode node, String what) {
        if (node instanceof YScalar) {
            return List.of(string(node, what));
        }
        List<String> list = new ArrayList<>();
        seq(node, what).items().forEach(item -> list.add(string(item, what)));
        return list;
    }

    public double number(YamlNode node, String what) {
        if (scalar(node, what) instanceof Number n) {
            return n.doubleValue();
        }
        throw error(node, what + " must be a number");
    }

    public long integer(YamlNode node, String what, long min, long max) {
        if (!(scalar(node, what) instanceof Long n)) {
            throw error(node, what + " must be a whole number");
        }
        if (n < min || n > max) {
            throw error(node, what + " must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }

    public Pattern regex(YamlNode node, String what) {
        String text = string(node, what);
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw error(node, what + " is not a valid regex: " + e.getDescription() + " near index "
                    + e.getIndex());
        }
    }

    public YamlNode required(YMap map, String key, String where) {
        YamlNode node = map.get(key);
        if (node == null) {
            throw error(map, where + " needs '" + key + "'");
        }
        return node;
    }

    /** Refuses a key not in {@code allowed}, naming its line. */
    public void keys(YMap map, Set<String> allowed, String where) {
        for (String key : map.entries().keySet()) {
            if (!allowed.contains(key)) {
                throw error(map.keyLine(key), "unknown key '" + key + "' in " + where + " (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** Refuses a mapping holding anything besides {@code key}. */
    public void only(YMap map, String key) {
        if (map.entries().size() != 1) {
            throw error(map, "'" + key + "' must stand alone in its condition");
        }
    }
}
