package dev.llmpool.core.routing;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** A YAML document as a small tree whose every node knows its 1-based line, so problems can name it. */
public sealed interface YamlNode {

    int line();

    /** A mapping with string keys, in file order. */
    record YMap(int line, Map<String, YamlNode> entries, Map<String, Integer> keyLines) implements YamlNode {
        public YamlNode get(String key) {
            return entries.get(key);
        }

        /** The line a key is written on (the map's own line when the key is absent). */
        public int keyLine(String key) {
            return keyLines.getOrDefault(key, line);
        }
    }

    /** A sequence. */
    record YSeq(int line, List<YamlNode> items) implements YamlNode {
    }

    /** A scalar: a {@link String}, {@link Boolean}, {@link Long}, {@link Double}, or null. */
    record YScalar(int line, Object value) implements YamlNode {
    }

    /** Parses a document; a syntax error or a repeated key is a {@link RulesException} naming the line. */
    static YamlNode parse(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(4 * 1024 * 1024);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new RulesException(source, line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new RulesException(source, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new RulesException(source, 1, "the file is empty");
        }
        return convert(root, source);
    }

    private static YamlNode convert(Node node, String source) {
        int line = node.getStartMark().getLine() + 1;
        return switch (node) {
            case MappingNode map -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                for (NodeTuple tuple : map.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                        throw new RulesException(source, tuple.getKeyNode().getStartMark().getLine() + 1,
                                "keys must be plain names");
                    }
                    if (entries.put(key.getValue(), convert(tuple.getValueNode(), source)) != null) {
                        throw new RulesException(source, key.getStartMark().getLine() + 1,
                                "'" + key.getValue() + "' is given twice");
                    }
                    keyLines.put(key.getValue(), key.getStartMark().getLine() + 1);
                }
                yield new YMap(line, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keyLines));
            }
            case SequenceNode seq -> {
                List<YamlNode> items = new ArrayList<>();
                seq.getValue().forEach(item -> items.add(convert(item, source)));
                yield new YSeq(line, List.copyOf(items));
            }
            case ScalarNode scalar -> new YScalar(line, scalar(scalar));
            default -> throw new RulesException(source, line, "unsupported YAML node");
        };
    }

    private static Object scalar(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        try {
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                String v = value.toLowerCase(java.util.Locale.ROOT);
                return v.equals("true") || v.equals("yes") || v.equals("on");
            }
            if (Tag.INT.equals(tag)) {
                return Long.parseLong(value.replace("_", ""));
            }
            if (Tag.FLOAT.equals(tag)) {
                return Double.parseDouble(value.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return value;
        }
        return value;
    }
}
