package dev.llmpool.core.catalog;

import dev.llmpool.schemas.openai.Usage;

/** Prices in US dollars per million tokens. */
public record Price(double inputPerMTok, double outputPerMTok) {

    public static final Price FREE = new Price(0, 0);

    public double cost(Usage usage) {
        if (usage == null) {
            return 0;
        }
        return (usage.promptTokens() * inputPerMTok + usage.completionTokens() * outputPerMTok) / 1_000_000.0;
    }
}
