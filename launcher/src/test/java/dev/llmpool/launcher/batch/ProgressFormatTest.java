package dev.llmpool.launcher.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.testing.MovableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

class ProgressFormatTest {

    private static ProgressBuilder running() {
        return ProgressBuilder.builder().batchId("batch_1").status(BatchStatus.IN_PROGRESS).total(1000)
                .completed(410).failed(10).inputTokens(4_000).outputTokens(5_870)
                .cost(new Cost(0.0123, false, null)).elapsed(Duration.ofSeconds(12)).linesPerSecond(35.2)
                .eta(Duration.ofSeconds(16));
    }

    @Test
    void aPlainLineSaysEverythingInOneLineForALog() {
        assertThat(ProgressFormat.plain(running().build())).isEqualTo("[0:00:12] batch_1 in_progress 420/1,000 "
                + "(42.0%) · 410 completed, 10 failed · 9,870 tokens · ~$0.0123 · 35.2 lines/s · ETA 0:00:16");
    }

    @Test
    void aPlainLineLeavesOutWhatIsNotKnownYet() {
        assertThat(ProgressFormat.plain(running().status(BatchStatus.VALIDATING).total(0).completed(0).failed(0)
                .linesPerSecond(null).eta(null).build())).isEqualTo("[0:00:12] batch_1 validating");
        assertThat(ProgressFormat.plain(running().linesPerSecond(null).eta(null).cost(Cost.unknown("x")).build()))
                .endsWith("· 9,870 tokens · cost n/a");
        assertThat(ProgressFormat.plain(running().status(BatchStatus.COMPLETED).completed(990).build()))
                .as("no ETA once it ended").endsWith("· 35.2 lines/s");
    }

    @Test
    void theBarMessageIsShortAndNamesTheStatusOnlyWhenItIsNotRunning() {
        assertThat(ProgressFormat.barMessage(running().build()))
                .isEqualTo("✓410 ✗10 · 9,870 tok · ~$0.0123 · 35.2 lines/s");
        assertThat(ProgressFormat.barMessage(running().status(BatchStatus.FINALIZING).linesPerSecond(null).build()))
                .isEqualTo("finalizing ✓410 ✗10 · 9,870 tok · ~$0.0123");
    }

    @Test
    void moneyRatesAndDurationsReadNaturally() {
        assertThat(ProgressFormat.money(new Cost(1.5, true, null))).isEqualTo("$1.50");
        assertThat(ProgressFormat.money(new Cost(0.0123456, false, null))).isEqualTo("~$0.0123");
        assertThat(ProgressFormat.money(new Cost(0.000042, true, null))).isEqualTo("$0.000042");
        assertThat(ProgressFormat.money(new Cost(0.0, true, null))).isEqualTo("$0.00");
        assertThat(ProgressFormat.rate(0.5)).isEqualTo("30.0 lines/min");
        assertThat(ProgressFormat.duration(Duration.ofSeconds(3_723))).isEqualTo("1:02:03");
    }

    @Test
    void plainProgressWritesALineAtFirstAtEachStatusChangeAndThenOnlyEveryInterval() {
        MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
        StringWriter text = new StringWriter();
        PlainProgress view = new PlainProgress(new PrintWriter(text), clock, Duration.ofSeconds(5));

        view.show(running().status(BatchStatus.VALIDATING).total(0).build());
        clock.advance(Duration.ofSeconds(1));
        view.show(running().completed(100).build());
        clock.advance(Duration.ofSeconds(1));
        view.show(running().completed(200).build());
        clock.advance(Duration.ofSeconds(4));
        view.show(running().completed(300).build());
        clock.advance(Duration.ofSeconds(1));
        view.show(running().status(BatchStatus.COMPLETED).completed(990).build());
        view.close();

        assertThat(text.toString().lines().toList()).hasSize(4).satisfies(lines -> {
            assertThat(lines.get(0)).contains("validating");
            assertThat(lines.get(1)).contains(" 110/1,000 ");
            assertThat(lines.get(2)).as("5 s after the last line").contains(" 310/1,000 ");
            assertThat(lines.get(3)).contains("completed 1,000/1,000");
        }).noneMatch(line -> line.contains("\r") || line.contains("\u001b"));
    }

    @Test
    void theTerminalBarShowsPercentCountElapsedEtaAndTheMessage() {
        List<String> frames = new CopyOnWriteArrayList<>();
        TerminalProgress view = new TerminalProgress(new DelegatingProgressBarConsumer(frames::add, 120));

        view.show(running().status(BatchStatus.VALIDATING).total(0).completed(0).failed(0).linesPerSecond(null)
                .eta(null).build());
        view.show(running().build());
        view.close();

        List<String> shown = frames.stream().map(f -> f.replaceAll("\u001b\\[[0-9;]*m", "")).toList();
        String last = shown.getLast();
        assertThat(last).startsWith("batch  42% ").contains(" 420/1000 (").contains(" / 0:00:16) ")
                .endsWith("✓410 ✗10 · 9,870 tok · ~$0.0123 · 35.2 lines/s");
        assertThat(shown).allSatisfy(frame -> assertThat(frame.length()).isLessThanOrEqualTo(120));
    }
}
