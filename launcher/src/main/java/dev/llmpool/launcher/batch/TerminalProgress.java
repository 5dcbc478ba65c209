package dev.llmpool.launcher.batch;

import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * The live bar (me.tongfei:progressbar, which finds the terminal and its width through JLine and redraws in place on
 * standard error): percentage, lines ended of the total, elapsed time and ETA, then {@link ProgressFormat#barMessage}
 * (completed and failed, tokens, cost, rate). The ETA is the watcher's, so the bar and the plain lines agree.
 */
public final class TerminalProgress implements ProgressView {

    private final ProgressBarConsumer consumer;
    private volatile Progress latest;
    private ProgressBar bar;

    /** The bar on the terminal. */
    public TerminalProgress() {
        this(null);
    }

    /** @param consumer where the rendered bar goes instead of the terminal, or null for the terminal */
    TerminalProgress(ProgressBarConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public void show(Progress progress) {
        latest = progress;
        long max = progress.total() > 0 ? progress.total() : -1;
        if (bar == null) {
            ProgressBarBuilder builder = ProgressBar.builder().setTaskName("batch").setInitialMax(max)
                    .continuousUpdate().setUpdateIntervalMillis(500)
                    .setEtaFunction(state -> Optional.ofNullable(latest.eta()))
                    .startsFrom(progress.done(), progress.elapsed());
            if (consumer != null) {
                builder.setConsumer(consumer);
            }
            bar = builder.build();
        } else {
            bar.maxHint(max);
        }
        bar.stepTo(progress.done());
        bar.setExtraMessage(ProgressFormat.barMessage(progress));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
