package dev.llmpool.batch.summarize.output;

import dev.llmpool.batch.summarize.run.DocumentSummary;
import java.util.List;
import java.util.Locale;

/** A run's summaries as a Markdown page: the run's totals, then each document's summary and how it was made. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(String run, List<String> settings, List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder("# Summaries (run ").append(run).append(")\n\n");
        long summarized = outcomes.stream().filter(o -> o.summary() != null).count();
        double cost = outcomes.stream().filter(o -> o.summary() != null).mapToDouble(o -> o.summary().costUsd())
                .sum();
        long tokens = outcomes.stream().filter(o -> o.summary() != null)
                .mapToLong(o -> o.summary().usage().totalTokens()).sum();
        int fallbacks = outcomes.stream().filter(o -> o.summary() != null)
                .mapToInt(o -> o.summary().failures().size()).sum();
        md.append(String.format(Locale.ROOT, "%d documents summarized, %d without a summary; %d tokens, $%.4f; "
                + "%d extractive fallback%s.%n%n", summarized, outcomes.size() - summarized, tokens, cost, fallbacks,
                fallbacks == 1 ? "" : "s"));
        settings.forEach(s -> md.append("- ").append(s).append('\n'));
        for (Outcome outcome : outcomes) {
            md.append("\n## ").append(outcome.id()).append("\n\n");
            DocumentSummary s = outcome.summary();
            if (s == null) {
                md.append("*No summary:* ").append(outcome.error()).append('\n');
                continue;
            }
            md.append(s.summary().strip()).append("\n\n");
            md.append(String.format(Locale.ROOT, "*%d chunk%s, %d reduce level%s, %d call%s (%s), %d tokens, $%.4f%s*%n",
                    s.chunks(), s.chunks() == 1 ? "" : "s", s.reduceLevels(), s.reduceLevels() == 1 ? "" : "s",
                    s.calls(), s.calls() == 1 ? "" : "s", String.join(", ", s.models()), s.usage().totalTokens(),
                    s.costUsd(), s.fallback() ? "; extractive fallback for " + (s.fallbackChunks()
                            + s.fallbackReduces()) + " node(s)" : ""));
        }
        return md.toString();
    }
}
