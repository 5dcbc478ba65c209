package dev.llmpool.core.catalog;

import java.util.List;

/**
 * One model in the catalog.
 *
 * @param id            the pool's model id, what clients name
 * @param provider      the provider group that serves it ({@code llm.provider.<provider>})
 * @param upstream      the model name the provider knows
 * @param aliases       other names clients may use
 * @param contextWindow prompt plus completion tokens the model accepts
 * @param fallbacks     catalog ids to try, in order, when this model fails in a way another may not
 */
public record CatalogModel(String id, String provider, String upstream, List<String> aliases, int contextWindow,
                           Price price, List<String> fallbacks) {

    public CatalogModel {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        price = price == null ? Price.FREE : price;
    }
}
