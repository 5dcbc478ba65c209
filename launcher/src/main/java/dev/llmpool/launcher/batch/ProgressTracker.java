package dev.llmpool.launcher.batch;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.BatchStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns the batch objects a watcher polls into {@link Progress}: the rate is the lines that ended since the first
 * look at the batch in progress, over the time since (the injected clock's), and the time left is what remains at
 * that rate.
 */
public final class ProgressTracker {

    private final Clock clock;
    private final ModelMix mix;
    private final Prices prices;
    private Instant firstSeen;
    private long doneAtFirstSeen;

    /** @param mix the input's models, to estimate the cost with; null when the input was not read */
    public ProgressTracker(Clock clock, ModelMix mix, Prices prices) {
        this.clock = clock;
        this.mix = mix;
        this.prices = prices;
    }

    public Progress track(BatchObject batch) {
        Instant now = clock.instant();
        BatchObject.RequestCounts counts = batch.requestCounts();
        long total = counts == null ? 0 : counts.total();
        long completed = counts == null ? 0 : counts.completed();
        long failed = counts == null ? 0 : counts.failed();
        long done = completed + failed;
        if (firstSeen == null && batch.status() != BatchStatus.VALIDATING) {
            firstSeen = now;
            doneAtFirstSeen = done;
        }
        Double rate = null;
        Duration eta = null;
        if (firstSeen != null && done > doneAtFirstSeen && now.isAfter(firstSeen)) {
            double seconds = Duration.between(firstSeen, now).toNanos() / 1e9;
            rate = (done - doneAtFirstSeen) / seconds;
            eta = Duration.ofMillis(Math.round(Math.max(0, total - done) / rate * 1000));
        }
        long input = batch.usage() == null ? 0 : batch.usage().inputTokens();
        long output = batch.usage() == null ? 0 : batch.usage().outputTokens();
        Cost cost = mix == null ? Cost.unknown("the input was not read")
                : Cost.estimate(mix, prices, input, output);
        Duration elapsed = Duration.between(Instant.ofEpochSecond(batch.createdAt()), now);
        return ProgressBuilder.builder().batchId(batch.id()).status(batch.status()).total(total).completed(completed)
                .failed(failed).inputTokens(input).outputTokens(output).cost(cost)
                .elapsed(elapsed.isNegative() ? Duration.ZERO : elapsed).linesPerSecond(rate).eta(eta).build();
    }
}
