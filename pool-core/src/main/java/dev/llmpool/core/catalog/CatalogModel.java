package dev.llmpool.core.catalog;

import java.util.List;

/**
 * One model in the catalog.
 *
 * @param id            the pool's model id, what clients name
 * @param provider      the provider group that serves it ({@code llm.provider.<provider>})
 * @param upstream      the model name the provider knows
 * @param aliases       other names clients may use
 * @param contextWindow   prompt plus completion tokens the model accepts
 * @param fallbacks       catalog ids to try, in order, when this model fails in a way another may not
 * @param maxOutputTokens the most completion tokens the model writes in one answer, or null when the catalog does
 *                        not say (then only the context window bounds it)
 */
public record CatalogModel(String id, String provider, String upstream, List<String> aliases, int contextWindow,
                           Price price, List<String> fallbacks, Integer maxOutputTokens) {

    public CatalogModel {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        price = price == null ? Price.FREE : price;
    }

    /** A model whose output limit the catalog does not give. */
    public CatalogModel(String id, String provider, String upstream, List<String> aliases, int contextWindow,
                        Price price, List<String> fallbacks) {
        this(id, provider, upstream, aliases, contextWindow, price, fallbacks, null);
    }

    /** The most completion tokens a request may ask of this model: max_output_tokens, else its context window. */
    public int completionLimit() {
        return maxOutputTokens != null ? maxOutputTokens : contextWindow;
    }
}
