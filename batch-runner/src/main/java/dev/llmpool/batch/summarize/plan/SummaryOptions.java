package dev.llmpool.batch.summarize.plan;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * What a pipeline is asked for. Everything here is part of the run key: changing any of it starts a new run.
 *
 * @param mapModel           the model, catalog alias or route alias that summarizes each chunk (and a short document
 *                           in one call)
 * @param reduceModel        the one that combines summaries
 * @param chunkTokens        the most tokens of document text in one chunk (less when the map model's window needs it)
 * @param overlapTokens      the most tokens a chunk repeats from the one before (whole sentences)
 * @param chunkSummaryTokens the answer cap of a chunk's summary and of an intermediate reduce
 * @param targetTokens       the final summary's length the prompts ask for, in tokens (its cap is half as much
 *                           again, so it is not cut mid-sentence)
 * @param reduceInputTokens  the most tokens of summaries one reduce request combines (less when the reduce model's
 *                           window needs it)
 * @param style              how the final summary is written
 * @param instructions       extra instructions for every prompt, or null
 */
@RecordBuilder
public record SummaryOptions(String mapModel, String reduceModel, int chunkTokens, int overlapTokens,
                             int chunkSummaryTokens, int targetTokens, int reduceInputTokens, Style style,
                             String instructions) implements SummaryOptionsBuilder.With {

    /** Bumped whenever the prompts change, so a run made with other prompts is never resumed by this one. */
    public static final int PROMPTS_VERSION = 1;

    public static final String DEFAULT_MAP_MODEL = "fast";
    public static final String DEFAULT_REDUCE_MODEL = "smart";

    public SummaryOptions {
        style = style == null ? Style.ABSTRACT : style;
        instructions = instructions == null || instructions.isBlank() ? null : instructions.strip();
        if (mapModel == null || mapModel.isBlank() || reduceModel == null || reduceModel.isBlank()) {
            throw new IllegalArgumentException("the map and reduce models must be named");
        }
        if (chunkTokens < 64) {
            throw new IllegalArgumentException("chunk tokens must be at least 64, got " + chunkTokens);
        }
        if (overlapTokens < 0 || overlapTokens >= chunkTokens / 2) {
            throw new IllegalArgumentException("overlap tokens must be from 0 to less than half a chunk ("
                    + chunkTokens / 2 + "), got " + overlapTokens);
        }
        if (chunkSummaryTokens < 16 || targetTokens < 16) {
            throw new IllegalArgumentException("summaries need at least 16 tokens, got chunk summary "
                    + chunkSummaryTokens + " and target " + targetTokens);
        }
        if (reduceInputTokens < 2 * chunkSummaryTokens) {
            throw new IllegalArgumentException("reduce input tokens must hold at least two chunk summaries ("
                    + 2 * chunkSummaryTokens + "), got " + reduceInputTokens);
        }
    }

    /** The defaults: a cheap model for the map stage, a stronger one for the reduce stage. */
    public static SummaryOptionsBuilder defaults() {
        return SummaryOptionsBuilder.builder().mapModel(DEFAULT_MAP_MODEL).reduceModel(DEFAULT_REDUCE_MODEL)
                .chunkTokens(3000).overlapTokens(150).chunkSummaryTokens(400).targetTokens(300)
                .reduceInputTokens(12000).style(Style.ABSTRACT);
    }

    /** The answer cap of the final summary. */
    public int finalAnswerTokens() {
        return targetTokens + targetTokens / 2;
    }

    /** One line naming every option, the text the run key digests. */
    public String canonical() {
        return "prompts=" + PROMPTS_VERSION + "|map=" + mapModel + "|reduce=" + reduceModel + "|chunk=" + chunkTokens
                + "|overlap=" + overlapTokens + "|chunk_summary=" + chunkSummaryTokens + "|target=" + targetTokens
                + "|reduce_input=" + reduceInputTokens + "|style=" + style.json() + "|instructions="
                + (instructions == null ? "" : instructions);
    }
}
