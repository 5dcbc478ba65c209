package dev.llmpool.launcher.batch;

import dev.llmpool.core.catalog.Price;
import java.util.Map;
import java.util.Optional;

/**
 * What a batch's tokens cost in US dollars at the catalog's prices, and how sure that figure is.
 * <p>
 * A running batch reports only token totals over all its lines ({@code usage}), not per model, so while it runs the
 * cost is an <b>estimate</b>: the totals priced at the input's model mix, each model weighted by its share of the
 * lines that name a priced model (lines naming a route such as {@code auto} are priced as that mix). Once the batch
 * has an output file, {@link OutputCost} gives the exact figure from each answer's model and usage.
 *
 * @param usd   the cost, or null when nothing can be priced (every line names a route, or an empty batch)
 * @param exact true for the output file's figure, false for an estimate
 * @param note  what the figure leaves out, or null
 */
public record Cost(Double usd, boolean exact, String note) {

    public static Cost unknown(String why) {
        return new Cost(null, false, why);
    }

    /** The totals priced at the mix of models the input's lines name. */
    public static Cost estimate(ModelMix mix, Prices prices, long inputTokens, long outputTokens) {
        long priced = 0;
        long routed = 0;
        double inputPerMTok = 0;
        double outputPerMTok = 0;
        for (Map.Entry<String, Long> entry : mix.linesByModel().entrySet()) {
            Optional<Price> price = prices.of(entry.getKey());
            if (price.isEmpty()) {
                routed += entry.getValue();
                continue;
            }
            priced += entry.getValue();
            inputPerMTok += entry.getValue() * price.get().inputPerMTok();
            outputPerMTok += entry.getValue() * price.get().outputPerMTok();
        }
        if (priced == 0) {
            return unknown(mix.lines() == 0 ? "no lines" : "no line names a model of the catalog (routes are "
                    + "priced once the output file names the models that answered)");
        }
        double usd = (inputTokens * (inputPerMTok / priced) + outputTokens * (outputPerMTok / priced)) / 1_000_000.0;
        return new Cost(usd, false, routed == 0 ? null : routed + " line" + (routed == 1 ? "" : "s")
                + " naming a route priced as the other lines' models");
    }
}
