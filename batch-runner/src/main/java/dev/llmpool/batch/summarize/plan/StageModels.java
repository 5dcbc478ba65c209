package dev.llmpool.batch.summarize.plan;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RulesOutline;
import dev.llmpool.core.routing.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves a stage's model name as the router would: a route alias names its route's tiers, any other name a catalog
 * model (id or alias). An auto alias lets the rules choose per request, which needs each request's features: its
 * expected model is the default route's first tier and its candidates are every route's tiers, so chunks fit
 * whichever route the rules pick. Pure.
 */
public final class StageModels {

    private final ModelCatalog catalog;
    private final RulesOutline rules;

    public StageModels(ModelCatalog catalog, RulesOutline rules) {
        this.catalog = catalog;
        this.rules = rules;
    }

    /** @throws IllegalArgumentException naming the problem when the name is neither a model nor a route */
    public StageModel resolve(String name) {
        if (rules.autoAliases().contains(name)) {
            List<CatalogModel> all = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (RulesOutline.RouteOutline route : rules.routes().values()) {
                for (CatalogModel model : tiers(route)) {
                    if (seen.add(model.id())) {
                        all.add(model);
                    }
                }
            }
            List<CatalogModel> ladder = tiers(defaultRoute());
            return new StageModel(name, "auto", ladder.getFirst(), ladder, all);
        }
        for (RulesOutline.RouteOutline route : rules.routes().values()) {
            if (route.aliases().contains(name)) {
                List<CatalogModel> tiers = tiers(route);
                return new StageModel(name, "route", tiers.getFirst(), tiers, tiers);
            }
        }
        CatalogModel model = catalog.resolve(name).orElseThrow(() -> new IllegalArgumentException(
                "`" + name + "` is neither a catalog model nor a route alias"));
        return new StageModel(name, "model", model, List.of(model), List.of(model));
    }

    private RulesOutline.RouteOutline defaultRoute() {
        YamlNode node = rules.top().get("default_route");
        String name = node instanceof YamlNode.YScalar scalar && scalar.value() != null ? scalar.value().toString()
                : rules.routes().keySet().iterator().next();
        RulesOutline.RouteOutline route = rules.routes().get(name);
        if (route == null) {
            throw new IllegalArgumentException("the rules' default_route `" + name + "` is not a route");
        }
        return route;
    }

    /** The catalog models of a route's tiers, in order ({@code tiers: [{model: …}, …]}). */
    private List<CatalogModel> tiers(RulesOutline.RouteOutline route) {
        List<CatalogModel> models = new ArrayList<>();
        if (route.body().get("tiers") instanceof YamlNode.YSeq seq) {
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.YMap tier && tier.get("model") instanceof YamlNode.YScalar model
                        && model.value() != null) {
                    catalog.resolve(model.value().toString()).ifPresent(models::add);
                }
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("route " + route.name() + " has no tier with a catalog model");
        }
        return models;
    }
}
