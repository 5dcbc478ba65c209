package dev.llmpool.batch.summarize.service;

import dev.llmpool.batch.summarize.plan.Style;
import dev.llmpool.batch.summarize.plan.SummaryOptions;
import dev.llmpool.batch.summarize.plan.SummaryOptionsBuilder;
import dev.llmpool.schemas.envelope.SummarizeOptions;

/** A request's options as the pipeline's: each one given replaces {@code llmpool summarize}'s default. Pure. */
public final class ServiceOptions {

    private ServiceOptions() {
    }

    /** @throws IllegalArgumentException naming the option that cannot work */
    public static SummaryOptions of(SummarizeOptions asked) {
        SummaryOptionsBuilder options = SummaryOptions.defaults();
        if (asked.mapModel() != null) {
            options.mapModel(asked.mapModel());
        }
        if (asked.reduceModel() != null) {
            options.reduceModel(asked.reduceModel());
        }
        if (asked.chunkTokens() != null) {
            options.chunkTokens(asked.chunkTokens());
        }
        if (asked.overlapTokens() != null) {
            options.overlapTokens(asked.overlapTokens());
        }
        if (asked.chunkSummaryTokens() != null) {
            options.chunkSummaryTokens(asked.chunkSummaryTokens());
        }
        if (asked.targetTokens() != null) {
            options.targetTokens(asked.targetTokens());
        }
        if (asked.reduceInputTokens() != null) {
            options.reduceInputTokens(asked.reduceInputTokens());
        }
        if (asked.style() != null) {
            options.style(Style.parse(asked.style()));
        }
        if (asked.instructions() != null) {
            options.instructions(asked.instructions());
        }
        return options.build();
    }
}
