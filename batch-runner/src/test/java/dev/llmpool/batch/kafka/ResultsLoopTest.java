package dev.llmpool.batch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.batch.lines.LineJobs;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsLoopTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void aBatchLinesResultIsReadAndAnyOtherSkippedUnparsed() {
        JobResult line = JobResult.builder().correlationId("b1-line").status(JobStatus.COMPLETED).attempts(List.of())
                .metadata(Map.of(LineJobs.BATCH_ID, "batch_1", LineJobs.CUSTOM_ID, "request-1")).build();
        JobResult interactive = JobResult.builder().correlationId("chat-1").status(JobStatus.COMPLETED)
                .attempts(List.of()).metadata(Map.of("user", "llmpool_batch_id is only a value here")).build();

        assertThat(ResultsLoop.mentionsBatch(codec.toBytes(line))).isTrue();
        assertThat(ResultsLoop.mentionsBatch(codec.toBytes(interactive)))
                .as("the key's name as a value, unquoted, is not the key").isFalse();
        assertThat(ResultsLoop.mentionsBatch("\"llmpool_batch_id".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ResultsLoop.mentionsBatch("\"llmpool_batch_id\"".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(ResultsLoop.mentionsBatch(new byte[0])).isFalse();
        assertThat(ResultsLoop.mentionsBatch(null)).isFalse();
    }
}
