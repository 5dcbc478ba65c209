package dev.llmpool.core.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Models by id and alias. Immutable; checked on construction so a bad catalog fails at start-up. */
public final class ModelCatalog {

    private final List<CatalogModel> models;
    private final Map<String, CatalogModel> byName;

    public ModelCatalog(List<CatalogModel> models) {
        this.models = List.copyOf(models);
        Map<String, CatalogModel> names = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (CatalogModel model : models) {
            if (model.id() == null || model.id().isBlank()) {
                problems.add("a model has no id");
                continue;
            }
            if (model.provider() == null || !model.provider().matches("[a-z0-9][a-z0-9-]*")) {
                problems.add("model " + model.id() + ": provider must be lower-case letters, digits and '-'");
            }
            if (model.contextWindow() <= 0) {
                problems.add("model " + model.id() + ": context_window must be positive");
            }
            Integer maxOutput = model.maxOutputTokens();
            if (maxOutput != null && (maxOutput <= 0 || maxOutput > model.contextWindow())) {
                problems.add("model " + model.id() + ": max_output_tokens must be positive and at most context_window");
            }
            if (model.dimensions() != null && (model.dimensions() <= 0 || !model.embeds())) {
                problems.add("model " + model.id() + ": dimensions must be positive, and only an embedding model has"
                        + " them");
            }
            for (String name : names(model)) {
                CatalogModel previous = names.putIfAbsent(name, model);
                if (previous != null) {
                    problems.add("name '" + name + "' is used by both " + previous.id() + " and " + model.id());
                }
            }
        }
        for (CatalogModel model : models) {
            for (String fallback : model.fallbacks()) {
                if (!names.containsKey(fallback)) {
                    problems.add("model " + model.id() + ": fallback '" + fallback + "' is not in the catalog");
                } else if (names.get(fallback).kind() != model.kind()) {
                    problems.add("model " + model.id() + ": fallback '" + fallback + "' is not a "
                            + model.kind().name().toLowerCase(Locale.ROOT) + " model");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid model catalog: " + String.join("; ", problems));
        }
        this.byName = Collections.unmodifiableMap(names);
    }

    private static List<String> names(CatalogModel model) {
        List<String> names = new ArrayList<>();
        names.add(model.id());
        names.addAll(model.aliases());
        return names;
    }

    /** The model a client's name (id or alias) stands for. */
    public Optional<CatalogModel> resolve(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    public List<CatalogModel> models() {
        return models;
    }

    /** Every provider some model names, in catalog order. */
    public Set<String> providers() {
        Set<String> providers = new LinkedHashSet<>();
        models.forEach(m -> providers.add(m.provider()));
        return providers;
    }
}
