package dev.llmpool.batch.summarize.output;

import dev.llmpool.batch.summarize.plan.DocumentPlan;
import dev.llmpool.batch.summarize.plan.NodeKey;
import dev.llmpool.batch.summarize.run.DocumentSummary;
import dev.llmpool.batch.summarize.run.NodeResult;
import dev.llmpool.batch.summarize.run.PipelineListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A run's progress in calls (chunks and reduces; what earlier runs checkpointed counts as done from the start),
 * documents, tokens, cost and fallbacks: a live bar with its ETA on a terminal, a plain line every {@code every}
 * otherwise (a log, a CI job).
 */
public final class Progress implements PipelineListener, AutoCloseable {

    private final long total;
    private final int documents;
    private final PrintStream out;
    private final Clock clock;
    private final Duration every;
    private final ProgressBar bar;
    private final long startedAt;
    private final long initial;
    private long calls;
    private int documentsDone;
    private long tokens;
    private double cost;
    private int fallbacks;
    private long lastLine;
    private boolean closed;

    public Progress(long totalCalls, long alreadyDone, int documents, boolean terminal, PrintStream out, Clock clock,
                    Duration every) {
        this.total = totalCalls;
        this.documents = documents;
        this.out = out;
        this.clock = clock;
        this.every = every;
        this.initial = alreadyDone;
        this.calls = alreadyDone;
        this.startedAt = clock.millis();
        this.lastLine = startedAt;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName("summarize").setInitialMax(totalCalls)
                .setUnit(" calls", 1).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out)).startsFrom(alreadyDone, Duration.ZERO)
                .build() : null;
        if (bar != null) {
            bar.setExtraMessage(extra());
        }
    }

    @Override
    public synchronized void nodeDone(DocumentPlan plan, NodeKey node, NodeResult result) {
        calls++;
        tokens += result.promptTokens() + result.completionTokens();
        cost += result.costUsd();
        if (result.fallback()) {
            fallbacks++;
        }
        changed(1);
    }

    @Override
    public synchronized void documentDone(DocumentSummary summary, boolean resumed) {
        documentsDone++;
        changed(0);
    }

    private void changed(int step) {
        if (bar != null) {
            bar.stepBy(step);
            bar.setExtraMessage(extra());
        } else if (clock.millis() - lastLine >= every.toMillis()) {
            lastLine = clock.millis();
            out.println(line());
        }
    }

    /** The plain line: where the run is. */
    public synchronized String line() {
        return String.format(Locale.ROOT, "summarize: %d/%d calls (%d%%), %s%s", calls, total,
                total == 0 ? 100 : calls * 100 / total, extra(), eta());
    }

    private String extra() {
        return String.format(Locale.ROOT, "docs %d/%d, %,d tokens, $%.4f%s", documentsDone, documents, tokens,
                cost, fallbacks == 0 ? "" : ", " + fallbacks + " fallback" + (fallbacks == 1 ? "" : "s"));
    }

    private String eta() {
        long done = calls - initial;
        long elapsed = clock.millis() - startedAt;
        if (done <= 0 || elapsed <= 0 || calls >= total) {
            return "";
        }
        long remaining = (long) ((total - calls) * (elapsed / (double) done));
        Duration d = Duration.ofMillis(remaining);
        return String.format(Locale.ROOT, ", eta %dh%02dm%02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bar != null) {
            bar.close();
        } else {
            out.println(line());
        }
    }
}
