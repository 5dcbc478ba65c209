package dev.llmpool.batch.summarize.plan;

import dev.llmpool.core.catalog.CatalogModel;
import java.util.Comparator;
import java.util.List;

/**
 * The models a stage's requests may reach: a catalog model (a pin) or a route's tiers.
 *
 * @param requested  the name the requests carry (a model id, a catalog alias or a route alias)
 * @param kind       {@code model}, {@code route} or {@code auto}
 * @param expected   the model that answers when nothing goes wrong: the pin, or the route's first tier
 * @param ladder     the models one request may go through in turn (the pin alone, or every tier of the route)
 * @param candidates every model the requests may reach (for {@code auto}: every tier of every route)
 */
public record StageModel(String requested, String kind, CatalogModel expected, List<CatalogModel> ladder,
                         List<CatalogModel> candidates) {

    public StageModel {
        ladder = List.copyOf(ladder);
        candidates = List.copyOf(candidates);
    }

    /** The context window every candidate has: a request within it fits whichever model takes it. */
    public int contextWindow() {
        return candidates.stream().mapToInt(CatalogModel::contextWindow).min().orElseThrow();
    }

    /** The answer cap every candidate allows. */
    public int completionLimit() {
        return candidates.stream().mapToInt(CatalogModel::completionLimit).min().orElseThrow();
    }

    /** The name whose tokenizer counts this stage's text (the expected model's). */
    public String tokenizerModel() {
        return expected.upstream() == null ? expected.id() : expected.upstream();
    }

    /** The cheapest candidate by its input and output prices together. */
    public CatalogModel cheapest() {
        return candidates.stream().min(Comparator.comparingDouble(m -> m.price().inputPerMTok()
                + m.price().outputPerMTok())).orElseThrow();
    }

    /** What the run key digests: the name and every candidate with its window and cap. */
    public String canonical() {
        StringBuilder sb = new StringBuilder(requested).append('[');
        candidates.forEach(m -> sb.append(m.id()).append(':').append(m.contextWindow()).append(':')
                .append(m.completionLimit()).append(','));
        return sb.append(']').toString();
    }
}
