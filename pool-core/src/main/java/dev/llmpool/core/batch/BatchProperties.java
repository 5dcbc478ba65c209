package dev.llmpool.core.batch;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Batches ({@code llmpool.batch.*}): the limits the gateway and the runners both apply, and the runners' settings.
 *
 * @param enabled             whether this process runs the batch runner role
 * @param maxLines            lines a batch input file may have (OpenAI's 50,000)
 * @param maxLineSize         bytes one line may have
 * @param minCompletionWindow the shortest {@code completion_window} accepted
 * @param maxCompletionWindow the longest {@code completion_window} accepted
 * @param ttl                 how long a batch's record and ledger stay in Redis after their last change
 * @param groupId             the runners' consumer group on {@code llm.results} and {@code llm.batch-commands}
 * @param sweepInterval       how often a runner looks at every batch that is not final (expiry, cancel, stalled work)
 * @param cancelGrace         how long a cancelled batch waits (for lines finishing and workers seeing its stop flag)
 *                            before it is finalized
 * @param leaseTtl            how long a runner's hold on a batch lasts unless renewed (a dead runner's work is
 *                            taken over after it)
 * @param partLines           result lines a runner gathers before it writes them as a part object
 * @param partInterval        the longest a result line waits to be written as part of a part object
 * @param checkpointLines     lines published between two checkpoints
 * @param maxLineErrors       line errors a failed batch's {@code errors} names (one more entry says how many more)
 */
@Validated
@ConfigurationProperties("llmpool.batch")
public record BatchProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("50000") @Min(1) int maxLines,
        @DefaultValue("16MB") @NotNull DataSize maxLineSize,
        @DefaultValue("1m") @NotNull Duration minCompletionWindow,
        @DefaultValue("7d") @NotNull Duration maxCompletionWindow,
        @DefaultValue("30d") @NotNull Duration ttl,
        @DefaultValue("llmpool-batch") @NotBlank String groupId,
        @DefaultValue("2s") @NotNull Duration sweepInterval,
        @DefaultValue("2s") @NotNull Duration cancelGrace,
        @DefaultValue("30s") @NotNull Duration leaseTtl,
        @DefaultValue("1000") @Min(1) int partLines,
        @DefaultValue("1s") @NotNull Duration partInterval,
        @DefaultValue("500") @Min(1) int checkpointLines,
        @DefaultValue("100") @Min(1) int maxLineErrors) {
}
