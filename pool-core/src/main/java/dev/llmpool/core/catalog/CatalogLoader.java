package dev.llmpool.core.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the catalog YAML:
 * <pre>
 * models:
 *   - id: gpt-4o-mini
 *     provider: openai
 *     upstream: gpt-4o-mini
 *     aliases: [fast]
 *     context_window: 128000
 *     max_output_tokens: 16384        # optional: the most completion tokens in one answer
 *     price: {input_per_mtok: 0.15, output_per_mtok: 0.60}
 *     fallbacks: [gpt-4.1-nano]
 *   - id: text-embedding-3-small
 *     kind: embedding                 # optional: chat (the default) or embedding
 *     dimensions: 1536                # an embedding model's vector length when a request names none
 *     provider: openai
 *     context_window: 8191            # the most input tokens of one text
 *     price: {input_per_mtok: 0.02}
 * </pre>
 */
public final class CatalogLoader {

    private final YAMLMapper yaml = YAMLMapper.builder().build();

    public ModelCatalog load(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return parse(yaml.readTree(in), resource.getDescription());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read model catalog " + resource.getDescription(), e);
        }
    }

    public ModelCatalog parse(String yamlText) {
        return parse(yaml.readTree(yamlText), "inline catalog");
    }

    private ModelCatalog parse(JsonNode root, String source) {
        JsonNode models = root == null ? null : root.get("models");
        if (models == null || !models.isArray() || models.isEmpty()) {
            throw new IllegalArgumentException("Model catalog " + source + " has no 'models' list");
        }
        List<CatalogModel> list = new ArrayList<>();
        for (JsonNode m : models) {
            JsonNode price = m.path("price");
            list.add(new CatalogModel(
                    text(m, "id"),
                    text(m, "provider"),
                    m.hasNonNull("upstream") ? text(m, "upstream") : text(m, "id"),
                    strings(m.get("aliases")),
                    m.path("context_window").asInt(0),
                    new Price(price.path("input_per_mtok").asDouble(0), price.path("output_per_mtok").asDouble(0)),
                    strings(m.get("fallbacks")),
                    m.hasNonNull("max_output_tokens") ? Integer.valueOf(m.get("max_output_tokens").asInt()) : null,
                    ModelKind.parse(text(m, "kind")),
                    m.hasNonNull("dimensions") ? Integer.valueOf(m.get("dimensions").asInt()) : null));
        }
        return new ModelCatalog(list);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(v -> values.add(v.asString()));
        }
        return values;
    }
}
