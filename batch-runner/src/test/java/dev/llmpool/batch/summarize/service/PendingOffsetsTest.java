package dev.llmpool.batch.summarize.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("llm.summarize.requests", 0);
    private static final TopicPartition P1 = new TopicPartition("llm.summarize.requests", 1);

    private final PendingOffsets offsets = new PendingOffsets();

    @Test
    void recordsFinishingOutOfOrderCommitOnlyUpToTheFirstOneNotDone() {
        offsets.read(P0, 10);
        offsets.read(P0, 11);
        offsets.read(P0, 12);
        offsets.done(P0, 11);
        offsets.done(P0, 12);
        assertThat(offsets.committable(List.of(P0))).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));

        offsets.done(P0, 10);
        assertThat(offsets.committable(List.of(P0))).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
        assertThat(offsets.pending()).isZero();
    }

    @Test
    void whatWasCommittedIsNotOfferedAgainAndEachPartitionMovesAlone() {
        offsets.read(P0, 0);
        offsets.read(P1, 5);
        offsets.done(P1, 5);
        Map<TopicPartition, OffsetAndMetadata> first = offsets.committable(List.of(P0, P1));
        assertThat(first).isEqualTo(Map.of(P0, new OffsetAndMetadata(0), P1, new OffsetAndMetadata(6)));
        offsets.committed(first);

        assertThat(offsets.committable(List.of(P0, P1))).isEmpty();
        offsets.done(P0, 0);
        assertThat(offsets.committable(List.of(P0, P1))).isEqualTo(Map.of(P0, new OffsetAndMetadata(1)));
    }

    @Test
    void aForgottenPartitionOffersNothingAndItsLateRecordsAreIgnored() {
        offsets.read(P0, 3);
        offsets.forget(List.of(P0));
        offsets.done(P0, 3);
        assertThat(offsets.committable(List.of(P0))).isEmpty();
        assertThat(offsets.pending()).isZero();

        offsets.read(P0, 3);
        assertThat(offsets.committable(List.of(P0))).isEqualTo(Map.of(P0, new OffsetAndMetadata(3)));
    }
}
