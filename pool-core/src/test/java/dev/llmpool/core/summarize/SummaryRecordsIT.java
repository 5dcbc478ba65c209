package dev.llmpool.core.summarize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.SummarizeRequest;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.testing.PoolInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The summarization service's records against a real Redis. */
class SummaryRecordsIT {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> redis;
    private final SummaryRecords records = new SummaryRecords(redis, new JsonCodec(),
            Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC), Duration.ofHours(1));

    @BeforeAll
    static void connect() {
        client = RedisClient.create(PoolInfra.shared().redisUrl());
        redis = client.connect();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        client.shutdown();
    }

    private static SummarizeRequest request(String id, String text) {
        return SummarizeRequest.builder().id(id).text(text).build();
    }

    @Test
    void anIdIsBoundToTheFirstRequestSoTheSameOneIsARepeatAndAnotherAConflict() {
        String id = "doc-" + UUID.randomUUID();
        assertThat(records.claim(request(id, "One text."))).isEqualTo(SummaryRecords.Claim.NEW);
        assertThat(records.claim(request(id, "One text."))).isEqualTo(SummaryRecords.Claim.REPEAT);
        assertThat(records.claim(request(id, "Another text."))).isEqualTo(SummaryRecords.Claim.CONFLICT);
        assertThat(records.find(id)).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(JobStatus.QUEUED));
        assertThat(redis.sync().pttl(RedisKeys.summary(id))).isPositive();
    }

    @Test
    void theFirstResultStoredIsTheOneEveryLaterDeliveryGetsAndProgressStopsThere() {
        String id = "doc-" + UUID.randomUUID();
        records.claim(request(id, "Text."));
        records.running(id, 3, 1, 4, 1);
        records.nodeDone(id, true);
        records.nodeDone(id, false);
        records.running(id, 3, 2, 4, 3);
        assertThat(records.find(id)).hasValueSatisfying(s -> {
            assertThat(s.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(s.chunksDone()).isEqualTo(2);
            assertThat(s.callsDone()).isEqualTo(3);
        });

        assertThat(records.storeResult(id, JobStatus.COMPLETED, "{\"summary\":\"first\"}"))
                .isEqualTo("{\"summary\":\"first\"}");
        assertThat(records.storeResult(id, JobStatus.FAILED, "{\"summary\":\"second\"}"))
                .isEqualTo("{\"summary\":\"first\"}");
        records.running(id, 3, 0, 4, 0);
        records.published(id);

        SummaryState state = records.find(id).orElseThrow();
        assertThat(state.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(state.result()).isEqualTo("{\"summary\":\"first\"}");
        assertThat(state.published()).isTrue();
        assertThat(state.callsDone()).isEqualTo(3);
    }
}
