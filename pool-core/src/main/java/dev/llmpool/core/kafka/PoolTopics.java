package dev.llmpool.core.kafka;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.schemas.names.Topics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics the pool needs: requests, attempts, results, usage, batch commands, the summarization service's requests
 * and results, two per catalog provider (its interactive
 * topic and its batch lane, {@code llm.provider.<p>.batch}), and a DLT for each; each takes records up to
 * {@code llmpool.topics.max-message-size} ({@code max.message.bytes}).
 */
public final class PoolTopics {

    private PoolTopics() {
    }

    public static Set<String> names(ModelCatalog catalog) {
        Set<String> names = new LinkedHashSet<>(List.of(Topics.REQUESTS, Topics.ATTEMPTS, Topics.RESULTS,
                Topics.BATCH_COMMANDS, Topics.SUMMARIZE_REQUESTS, Topics.SUMMARIZE_RESULTS, Topics.USAGE));
        catalog.providers().forEach(p -> {
            names.add(Topics.provider(p));
            names.add(Topics.providerBatch(p));
        });
        Set<String> withDlt = new LinkedHashSet<>();
        for (String name : names) {
            withDlt.add(name);
            withDlt.add(Topics.deadLetter(name));
        }
        return withDlt;
    }

    public static List<NewTopic> newTopics(ModelCatalog catalog, PoolProperties.Topics settings) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names(catalog)) {
            topics.add(TopicBuilder.name(name).partitions(settings.partitions()).replicas(settings.replicas())
                    .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.maxMessageBytes()))
                    .build());
        }
        return topics;
    }
}
