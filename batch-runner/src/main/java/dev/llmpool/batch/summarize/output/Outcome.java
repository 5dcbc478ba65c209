package dev.llmpool.batch.summarize.output;

import dev.llmpool.batch.summarize.run.DocumentSummary;

/** What became of one input: its summary, or why it has none. */
public record Outcome(String id, DocumentSummary summary, String error) {

    public static Outcome summarized(DocumentSummary summary) {
        return new Outcome(summary.id(), summary, null);
    }

    public static Outcome failed(String id, String error) {
        return new Outcome(id, null, error);
    }
}
