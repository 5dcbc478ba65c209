package dev.llmpool.launcher.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.testing.MovableClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BatchWatcherTest {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final List<String> notes = new ArrayList<>();
    private final List<Progress> shown = new ArrayList<>();
    private final ProgressView view = new ProgressView() {
        @Override
        public void show(Progress progress) {
            shown.add(progress);
        }

        @Override
        public void close() {
        }
    };

    private static BatchObject batch(BatchStatus status, long done) {
        return new BatchObject("batch_1", "batch", "/v1/chat/completions", null, null, "file-1", "24h", status, null,
                null, 1_735_689_600L, null, null, null, null, null, null, null, null,
                new BatchObject.RequestCounts(10, done, 0), BatchObject.Usage.of(0, 0), null);
    }

    private static GatewayException unreachable() {
        return new GatewayException("cannot reach the gateway", new ConnectException("Connection refused"));
    }

    private BatchWatcher watcher(Function<String, BatchObject> lookup) {
        return new BatchWatcher(lookup, new ProgressTracker(clock, null, null), POLL, PATIENCE, clock,
                clock::advance, notes::add);
    }

    private static Function<String, BatchObject> answers(Object... looks) {
        Deque<Object> queue = new ArrayDeque<>(List.of(looks));
        return id -> {
            Object next = queue.size() > 1 ? queue.removeFirst() : queue.getFirst();
            if (next instanceof GatewayException e) {
                throw e;
            }
            return (BatchObject) next;
        };
    }

    @Test
    void pollsUntilTheBatchIsFinalShowingEachLook() {
        BatchObject end = watcher(answers(batch(BatchStatus.VALIDATING, 0), batch(BatchStatus.IN_PROGRESS, 4),
                batch(BatchStatus.COMPLETED, 10))).watch("batch_1", view);

        assertThat(end.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(shown).extracting(Progress::status).containsExactly(BatchStatus.VALIDATING,
                BatchStatus.IN_PROGRESS, BatchStatus.COMPLETED);
        assertThat(notes).isEmpty();
    }

    @Test
    void aGatewayThatIsAwayForAWhileIsWaitedForWithOneNote() {
        BatchObject end = watcher(answers(batch(BatchStatus.IN_PROGRESS, 4), unreachable(), unreachable(),
                unreachable(), batch(BatchStatus.COMPLETED, 10))).watch("batch_1", view);

        assertThat(end.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(notes).singleElement().isEqualTo("the gateway does not answer; trying again for 0:00:30 (the "
                + "batch goes on): cannot reach the gateway");
        assertThat(shown).hasSize(2);
    }

    @Test
    void aGatewayAwayLongerThanThePatienceEndsTheWatch() {
        BatchWatcher watcher = watcher(answers(batch(BatchStatus.IN_PROGRESS, 4), unreachable()));

        assertThatThrownBy(() -> watcher.watch("batch_1", view)).isInstanceOf(GatewayException.class)
                .hasMessage("cannot reach the gateway");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T00:00:31Z"));
        assertThat(notes).hasSize(1);
    }

    @Test
    void aRefusalEndsTheWatchAtOnce() {
        BatchWatcher watcher = watcher(answers(new GatewayException(404, "No batch found")));

        assertThatThrownBy(() -> watcher.watch("batch_1", view)).hasMessage("No batch found");
        assertThat(notes).isEmpty();
    }
}
