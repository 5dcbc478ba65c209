package dev.llmpool.core.tenancy;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RouteModels;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a job may cost at most, the amount its admission reserves against budgets, the same wherever a job is
 * admitted (the gateway, the batch runner): a chat of a catalog model, its {@link CostEstimate}; a chat of a route
 * alias, every tier of the dearest route it may take; an embeddings request, its input's tokens at the model's
 * input price. Pure but for the token counts.
 */
public final class JobCosts {

    private final ModelCatalog catalog;
    private final RouteModels routes;
    private final TokenCounter tokens;

    public JobCosts(ModelCatalog catalog, RouteModels routes, TokenCounter tokens) {
        this.catalog = catalog;
        this.routes = routes;
        this.tokens = tokens;
    }

    /** A job as it is published: an embeddings job of its model, else a chat of the model or route it asks for. */
    public CostEstimate of(JobRequest job) {
        if (job.embeddings() != null) {
            return catalog.resolve(job.requestedModel()).map(model -> embeddings(job.embeddings(), model))
                    .orElse(CostEstimate.ZERO);
        }
        return chat(job.body(), job.requestedModel());
    }

    /** A chat asking for {@code requested}: a catalog model (or alias), else a route alias. */
    public CostEstimate chat(ChatCompletionRequest body, String requested) {
        return catalog.resolve(requested).map(model -> chat(body, model)).orElseGet(() -> route(body, requested));
    }

    /** A chat pinned to {@code model}. */
    public CostEstimate chat(ChatCompletionRequest body, CatalogModel model) {
        return CostEstimate.of(body, model, tokens, 0);
    }

    /** A chat of route alias {@code alias}: every tier of the dearest route it may take. */
    public CostEstimate route(ChatCompletionRequest body, String alias) {
        CostEstimate dearest = CostEstimate.ZERO;
        for (List<CatalogModel> tiers : routes.candidates(alias)) {
            long prompt = 0;
            long completion = 0;
            long nanos = 0;
            for (CatalogModel model : tiers) {
                CostEstimate tier = chat(body, model);
                prompt = Math.max(prompt, tier.promptTokens());
                completion = Math.max(completion, tier.completionTokens());
                nanos += tier.nanos();
            }
            if (nanos >= dearest.nanos()) {
                dearest = new CostEstimate(prompt, completion, nanos);
            }
        }
        return dearest;
    }

    /** An embeddings request of {@code model}: its input tokens (token arrays counted as they are). */
    public CostEstimate embeddings(EmbeddingsRequest request, CatalogModel model) {
        long input = 0;
        if (request.tokenInput()) {
            for (JsonNode item : request.input()) {
                input += item.isArray() ? item.size() : 1;
            }
        } else {
            for (String text : request.texts()) {
                input += tokens.count(text, model.upstream());
            }
        }
        return new CostEstimate(input, 0, Money.nanosUp(input * model.price().inputPerMTok() / 1_000_000.0));
    }
}
