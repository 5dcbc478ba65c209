package dev.llmpool.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.config.PoolProperties;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class PoolTopicsTest {

    @Test
    void everyTopicTakesRecordsUpToTheConfiguredMaxMessageSize() {
        List<NewTopic> topics = PoolTopics.newTopics(new CatalogLoader().parse("""
                models:
                  - {id: a, provider: p, context_window: 10}
                """), new PoolProperties.Topics(3, (short) 1, DataSize.ofMegabytes(16)));

        assertThat(topics).extracting(NewTopic::name).contains("llm.requests", "llm.requests.dlt", "llm.provider.p",
                "llm.provider.p.batch", "llm.provider.p.batch.dlt");
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.numPartitions()).isEqualTo(3);
            assertThat(topic.configs()).containsEntry("max.message.bytes", "16777216");
        });
    }
}
