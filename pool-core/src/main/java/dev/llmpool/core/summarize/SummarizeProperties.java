package dev.llmpool.core.summarize;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The summarization service ({@code llmpool.summarize.*}): documents from {@code llm.summarize.requests} summarized
 * by the batch runners to {@code llm.summarize.results} and Redis.
 *
 * @param enabled              whether the batch runner role in this process runs the service
 * @param groupId              the runners' consumer group on {@code llm.summarize.requests}
 * @param maxDocumentsInFlight documents one runner summarizes at once; its consumer pauses while it has as many, and
 *                             the backlog waits in Kafka
 * @param jobDeadline          how long each chunk's or reduce's job may wait in the pool's batch lane
 * @param checkpointTtl        how long a document's checkpoints stay in Redis
 * @param resultTtl            how long a document's record and result stay in Redis by its id (and how long a repeat
 *                             of its id is recognized as one)
 * @param retryDelay           how long a document waits before it is tried again when Redis or Kafka failed it
 */
@Validated
@ConfigurationProperties("llmpool.summarize")
public record SummarizeProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("llmpool-summarize") @NotBlank String groupId,
        @DefaultValue("64") @Min(1) int maxDocumentsInFlight,
        @DefaultValue("24h") @NotNull Duration jobDeadline,
        @DefaultValue("7d") @NotNull Duration checkpointTtl,
        @DefaultValue("7d") @NotNull Duration resultTtl,
        @DefaultValue("2s") @NotNull Duration retryDelay) {
}
