package dev.llmpool.core.routing;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog models a route alias may run, for pricing a routed request before the router plans it: a route's
 * alias runs at most every tier of its route; an auto alias, every tier of whichever route costs most.
 */
public final class RouteModels {

    private final LiveRoutes routes;
    private final ModelCatalog catalog;

    public RouteModels(LiveRoutes routes, ModelCatalog catalog) {
        this.routes = routes;
        this.catalog = catalog;
    }

    /** Each route {@code alias} may take, as the lists of its tiers' models. */
    public List<List<CatalogModel>> candidates(String alias) {
        RulesOutline outline = routes.current().rules();
        List<List<CatalogModel>> candidates = new ArrayList<>();
        boolean auto = outline.autoAliases().contains(alias);
        for (RulesOutline.RouteOutline route : outline.routes().values()) {
            if (auto || route.aliases().contains(alias) || route.name().equals(alias)) {
                candidates.add(tiers(route));
            }
        }
        return candidates;
    }

    private List<CatalogModel> tiers(RulesOutline.RouteOutline route) {
        List<CatalogModel> models = new ArrayList<>();
        if (route.body().get("tiers") instanceof YamlNode.YSeq tiers) {
            for (YamlNode tier : tiers.items()) {
                if (tier instanceof YamlNode.YMap map && map.get("model") instanceof YamlNode.YScalar scalar
                        && scalar.value() instanceof String id) {
                    catalog.resolve(id).ifPresent(models::add);
                }
            }
        }
        return models;
    }
}
