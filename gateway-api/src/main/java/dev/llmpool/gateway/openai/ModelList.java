package dev.llmpool.gateway.openai;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RouteAliases;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI's model list ({@code object: "list"}): every route alias (owned by {@value #ROUTER}) and every catalog id and
 * alias a route alias does not shadow, owned by its provider.
 */
public record ModelList(String object, List<ModelObject> data) {

    /** The owner named for a route alias: the pool's router picks the model. */
    public static final String ROUTER = "llmpool-router";

    public static ModelList of(ModelCatalog catalog, long created) {
        return of(catalog, RouteAliases.NONE, created);
    }

    public static ModelList of(ModelCatalog catalog, RouteAliases routes, long created) {
        List<ModelObject> data = new ArrayList<>();
        routes.names().stream().sorted().forEach(name -> data.add(new ModelObject(name, ModelObject.OBJECT, created,
                ROUTER)));
        for (CatalogModel model : catalog.models()) {
            data.add(new ModelObject(model.id(), ModelObject.OBJECT, created, model.provider()));
            for (String alias : model.aliases()) {
                if (routes.contains(alias)) {
                    continue;
                }
                data.add(new ModelObject(alias, ModelObject.OBJECT, created, model.provider()));
            }
        }
        return new ModelList("list", List.copyOf(data));
    }

    /** The model object for a name (route alias, model id or alias) as a client asked for it. */
    public static Optional<ModelObject> find(ModelCatalog catalog, RouteAliases routes, String name, long created) {
        if (routes.contains(name)) {
            return Optional.of(new ModelObject(name, ModelObject.OBJECT, created, ROUTER));
        }
        return catalog.resolve(name).map(m -> new ModelObject(name, ModelObject.OBJECT, created, m.provider()));
    }
}
