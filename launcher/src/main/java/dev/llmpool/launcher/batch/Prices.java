package dev.llmpool.launcher.batch;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.catalog.Price;
import java.util.Optional;

/** The catalog's prices by the names a batch line or an answer uses: a model's id, an alias, or its upstream name. */
public final class Prices {

    private final ModelCatalog catalog;

    public Prices(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** The price of a model, or empty for a name the catalog does not know (a route alias such as {@code auto}). */
    public Optional<Price> of(String model) {
        Optional<CatalogModel> known = catalog.resolve(model);
        if (known.isEmpty() && model != null) {
            known = catalog.models().stream().filter(m -> model.equals(m.upstream())).findFirst();
        }
        return known.map(CatalogModel::price);
    }
}
