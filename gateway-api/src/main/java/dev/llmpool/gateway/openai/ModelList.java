package dev.llmpool.gateway.openai;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** OpenAI's model list ({@code object: "list"}): every catalog id and alias, owned by its provider. */
public record ModelList(String object, List<ModelObject> data) {

    public static ModelList of(ModelCatalog catalog, long created) {
        List<ModelObject> data = new ArrayList<>();
        for (CatalogModel model : catalog.models()) {
            data.add(new ModelObject(model.id(), ModelObject.OBJECT, created, model.provider()));
            for (String alias : model.aliases()) {
                data.add(new ModelObject(alias, ModelObject.OBJECT, created, model.provider()));
            }
        }
        return new ModelList("list", List.copyOf(data));
    }

    /** The model object for a name (id or alias) as a client asked for it. */
    public static Optional<ModelObject> find(ModelCatalog catalog, String name, long created) {
        return catalog.resolve(name).map(m -> new ModelObject(name, ModelObject.OBJECT, created, m.provider()));
    }
}
