package dev.llmpool.workers.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LaneBacklogTest {

    private static final TopicPartition P0 = new TopicPartition("llm.provider.openai.batch", 0);
    private static final TopicPartition P1 = new TopicPartition("llm.provider.openai.batch", 1);
    private static final TopicPartition P2 = new TopicPartition("llm.provider.openai.batch", 2);

    @Test
    void theGroupsLagCountsWhereTheBrokerHasItElseTheLogEndMinusTheGroupsOrTheLogsStart() {
        long backlog = LaneBacklog.backlog(List.of(P0, P1, P2),
                Map.of(P0, new SharePartitionOffsetInfo(100, Optional.empty(), Optional.of(7L)),
                        P1, new SharePartitionOffsetInfo(40, Optional.empty(), Optional.empty())),
                Map.of(P1, 0L, P2, 10L), Map.of(P1, 45L, P2, 13L));

        assertThat(backlog).as("7 by lag, 45 - 40 after the group's start, 13 - 10 of a partition it never read")
                .isEqualTo(15);
    }
}
