package dev.llmpool.launcher.command.batch;

import dev.llmpool.launcher.batch.Prices;
import dev.llmpool.launcher.batch.ProgressMode;
import java.time.Duration;

/** {@link WatchOptions}, checked. */
record Watching(ProgressMode mode, Duration poll, Duration logInterval, Prices prices) {
}
