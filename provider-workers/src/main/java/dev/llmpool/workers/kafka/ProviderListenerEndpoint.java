package dev.llmpool.workers.kafka;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.converter.MessageConverter;

/** One provider's share-group endpoint: its topic, its group, its listener. Started by {@link ProviderWorkers}. */
final class ProviderListenerEndpoint implements KafkaListenerEndpoint {

    private final String id;
    private final String groupId;
    private final String topic;
    private final ProviderRecordListener listener;

    ProviderListenerEndpoint(String id, String groupId, String topic, ProviderRecordListener listener) {
        this.id = id;
        this.groupId = groupId;
        this.topic = topic;
        this.listener = listener;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getGroupId() {
        return groupId;
    }

    @Override
    public String getGroup() {
        return null;
    }

    @Override
    public Collection<String> getTopics() {
        return List.of(topic);
    }

    @Override
    public TopicPartitionOffset[] getTopicPartitionsToAssign() {
        return null;
    }

    @Override
    public Pattern getTopicPattern() {
        return null;
    }

    @Override
    public String getClientIdPrefix() {
        return id;
    }

    @Override
    public Integer getConcurrency() {
        return null;
    }

    @Override
    public Boolean getAutoStartup() {
        return Boolean.FALSE;
    }

    @Override
    public void setupListenerContainer(MessageListenerContainer listenerContainer, MessageConverter messageConverter) {
        listenerContainer.setupMessageListener(listener);
    }

    @Override
    public boolean isSplitIterables() {
        return false;
    }

    @Override
    public String getAckMode() {
        return null;
    }
}
