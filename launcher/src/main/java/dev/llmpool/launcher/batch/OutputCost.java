package dev.llmpool.launcher.batch;

import dev.llmpool.core.catalog.Price;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.Usage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The exact cost of a batch's answers: its output file read one line at a time, each answer's {@code usage} priced
 * at the catalog price of the model that answered ({@code body.model}). These are the tokens the batch's
 * {@code usage} counts.
 *
 * @param byModel  lines, tokens and dollars per model that answered
 * @param unpriced models the catalog has no price for (their tokens are counted, not priced)
 */
public record OutputCost(Map<String, ModelCost> byModel, Set<String> unpriced) {

    /** One model's share. */
    public record ModelCost(long lines, long inputTokens, long outputTokens, double usd) {
        ModelCost plus(int input, int output, double cost) {
            return new ModelCost(lines + 1, inputTokens + input, outputTokens + output, usd + cost);
        }
    }

    public OutputCost {
        byModel = Collections.unmodifiableMap(new TreeMap<>(byModel));
        unpriced = Set.copyOf(unpriced);
    }

    /** Reads an output file to its end (the caller closes the stream). */
    public static OutputCost scan(InputStream output, Prices prices, JsonCodec codec) {
        Map<String, ModelCost> byModel = new TreeMap<>();
        Set<String> unpriced = new TreeSet<>();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode body;
                try {
                    body = codec.readTree(line).path("response").path("body");
                } catch (JacksonException e) {
                    continue;
                }
                JsonNode usage = body.path("usage");
                if (!body.path("model").isString() || !usage.isObject()) {
                    continue;
                }
                String model = body.path("model").asString();
                int input = usage.path("prompt_tokens").asInt(0);
                int completion = usage.path("completion_tokens").asInt(0);
                Optional<Price> price = prices.of(model);
                if (price.isEmpty()) {
                    unpriced.add(model);
                }
                double cost = price.map(p -> p.cost(Usage.of(input, completion))).orElse(0.0);
                byModel.merge(model, new ModelCost(0, 0, 0, 0).plus(input, completion, cost),
                        (a, b) -> new ModelCost(a.lines + b.lines, a.inputTokens + b.inputTokens,
                                a.outputTokens + b.outputTokens, a.usd + b.usd));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output file", e);
        }
        return new OutputCost(byModel, unpriced);
    }

    public double usd() {
        return byModel.values().stream().mapToDouble(ModelCost::usd).sum();
    }

    /** As a {@link Cost}: exact, with a note naming the models it could not price. */
    public Cost cost() {
        return new Cost(usd(), true, unpriced.isEmpty() ? null : "no catalog price for " + String.join(", ",
                unpriced));
    }
}
