package dev.llmpool.launcher.batch;

import dev.llmpool.core.batch.BatchStatus;
import java.time.Duration;
import java.util.Locale;

/** How progress reads: a plain line for logs, the extra message beside the terminal bar, and their pieces. Pure. */
public final class ProgressFormat {

    private ProgressFormat() {
    }

    /**
     * One line for a log: {@code [0:00:12] batch_… in_progress 420/1000 (42.0%) · 410 completed, 10 failed · 9,870
     * tokens · ~$0.0123 · 35.2 lines/s · ETA 0:00:16}.
     */
    public static String plain(Progress p) {
        StringBuilder line = new StringBuilder();
        line.append('[').append(duration(p.elapsed())).append("] ").append(p.batchId()).append(' ')
                .append(p.status().json());
        if (p.total() > 0) {
            line.append(' ').append(count(p.done())).append('/').append(count(p.total())).append(" (")
                    .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * p.done() / p.total())).append(')')
                    .append(" · ").append(count(p.completed())).append(" completed, ").append(count(p.failed()))
                    .append(" failed")
                    .append(" · ").append(count(p.tokens())).append(" tokens")
                    .append(" · ").append(money(p.cost()));
            if (p.linesPerSecond() != null) {
                line.append(" · ").append(rate(p.linesPerSecond()));
            }
            if (p.eta() != null && !p.status().isFinal()) {
                line.append(" · ETA ").append(duration(p.eta()));
            }
        }
        return line.toString();
    }

    /**
     * What the terminal bar shows after its own percentage, count, elapsed time and ETA: {@code ✓410 ✗10 · 9,870 tok
     * · ~$0.0123 · 35.2 lines/s}, led by the status while it is not {@code in_progress}.
     */
    public static String barMessage(Progress p) {
        StringBuilder message = new StringBuilder();
        if (p.status() != BatchStatus.IN_PROGRESS) {
            message.append(p.status().json()).append(' ');
        }
        message.append('✓').append(p.completed()).append(" ✗").append(p.failed())
                .append(" · ").append(count(p.tokens())).append(" tok")
                .append(" · ").append(money(p.cost()));
        if (p.linesPerSecond() != null) {
            message.append(" · ").append(rate(p.linesPerSecond()));
        }
        return message.toString();
    }

    /** {@code $0.0123} exact, {@code ~$0.0123} an estimate, {@code cost n/a} unknown. */
    public static String money(Cost cost) {
        if (cost.usd() == null) {
            return "cost n/a";
        }
        return (cost.exact() ? "$" : "~$") + usd(cost.usd());
    }

    /** Dollars with as many decimals as a small figure needs. */
    public static String usd(double usd) {
        String pattern = usd == 0 ? "%.2f" : usd >= 1 ? "%.2f" : usd >= 0.01 ? "%.4f" : "%.6f";
        return String.format(Locale.ROOT, pattern, usd);
    }

    /** {@code H:MM:SS}, the progress bar's own form. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String rate(double linesPerSecond) {
        return linesPerSecond >= 1 || linesPerSecond == 0
                ? String.format(Locale.ROOT, "%.1f lines/s", linesPerSecond)
                : String.format(Locale.ROOT, "%.1f lines/min", linesPerSecond * 60);
    }
}
