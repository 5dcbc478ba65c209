package dev.llmpool.launcher.batch;

import dev.llmpool.core.batch.BatchStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress for logs (CI, a pipe, a file): one {@link ProgressFormat#plain} line at the first look, at each change
 * of status, and every {@code every} in between; nothing is redrawn.
 */
public final class PlainProgress implements ProgressView {

    private final PrintWriter out;
    private final Clock clock;
    private final Duration every;
    private Instant lastLine;
    private BatchStatus lastStatus;

    public PlainProgress(PrintWriter out, Clock clock, Duration every) {
        this.out = out;
        this.clock = clock;
        this.every = every;
    }

    @Override
    public void show(Progress progress) {
        Instant now = clock.instant();
        boolean due = lastLine == null || progress.status() != lastStatus
                || !now.isBefore(lastLine.plus(every));
        if (due) {
            out.println(ProgressFormat.plain(progress));
            out.flush();
            lastLine = now;
            lastStatus = progress.status();
        }
    }

    @Override
    public void close() {
        out.flush();
    }
}
