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
 * @param kind            what the model does: chat (the default) or embeddings
 * @param dimensions      an embedding model's vector length when the request names none, or null
 */
public record CatalogModel(String id, String provider, String upstream, List<String> aliases, int contextWindow,
                           Price price, List<String> fallbacks, Integer maxOutputTokens, ModelKind kind,
                           Integer dimensions) {

    public CatalogModel {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        price = price == null ? Price.FREE : price;
        kind = kind == null ? ModelKind.CHAT : kind;
    }

    /** A chat model. */
    public CatalogModel(String id, String provider, String upstream, List<String> aliases, int contextWindow,
                        Price price, List<String> fallbacks, Integer maxOutputTokens) {
        this(id, provider, upstream, aliases, contextWindow, price, fallbacks, maxOutputTokens, ModelKind.CHAT, null);
    }

    /** True for an embedding model (served on {@code /v1/embeddings}, never in a chat). */
    public boolean embeds() {
        return kind == ModelKind.EMBEDDING;
    }

    /** A chat model whose output limit the catalog does not give. */
    public CatalogModel(String id, String provider, String upstream, List<String> aliases, int contextWindow,
                        Price price, List<String> fallbacks) {
        this(id, provider, upstream, aliases, contextWindow, price, fallbacks, null);
    }

    /** The most completion tokens a request may ask of this model: max_output_tokens, else its context window. */
    public int completionLimit() {
        return maxOutputTokens != null ? maxOutputTokens : contextWindow;
    }
}
