package dev.llmpool.workers.kafka;

import dev.llmpool.schemas.names.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ShareKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractShareKafkaMessageListenerContainer;
import org.springframework.kafka.listener.ShareKafkaMessageListenerContainer;

/**
 * The share-group consumers of the providers this process serves: one container per provider, consuming
 * {@code llm.provider.<p>} as group {@code llmpool-provider-<p>}. Start: configure the groups, then start the
 * containers. Stop: stop taking records, let the attempts in flight finish (up to the drain timeout) while the
 * consumers still run to deliver their acknowledgements, then stop the containers.
 */
public class ProviderWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProviderWorkers.class);

    private final Map<String, ProviderRecordListener> listeners;
    private final ShareKafkaListenerContainerFactory<String, byte[]> factory;
    private final ShareGroupConfigurer groups;
    private final Map<String, String> groupConfig;
    private final InFlightRecords inFlight;
    private final Duration drainTimeout;
    private final String instanceId;
    private final List<ShareKafkaMessageListenerContainer<String, byte[]>> containers = new ArrayList<>();
    private volatile boolean running;

    public ProviderWorkers(Map<String, ProviderRecordListener> listeners,
                           ShareKafkaListenerContainerFactory<String, byte[]> factory, ShareGroupConfigurer groups,
                           Map<String, String> groupConfig, InFlightRecords inFlight, Duration drainTimeout,
                           String instanceId) {
        this.listeners = Map.copyOf(listeners);
        this.factory = factory;
        this.groups = groups;
        this.groupConfig = Map.copyOf(groupConfig);
        this.inFlight = inFlight;
        this.drainTimeout = drainTimeout;
        this.instanceId = instanceId;
    }

    /** The share group of a provider's workers. */
    public static String groupId(String provider) {
        return "llmpool-provider-" + provider;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (listeners.isEmpty()) {
            log.warn("Provider workers enabled but no provider has an endpoint (llmpool.providers.<name>.base-url)");
            running = true;
            return;
        }
        groups.configure(listeners.keySet().stream().map(ProviderWorkers::groupId).sorted().toList(), groupConfig);
        listeners.forEach((provider, listener) -> {
            ProviderListenerEndpoint endpoint = new ProviderListenerEndpoint(
                    "llmpool-worker-" + instanceId + "-" + provider, groupId(provider), Topics.provider(provider),
                    listener);
            ShareKafkaMessageListenerContainer<String, byte[]> container = factory.createListenerContainer(endpoint);
            container.start();
            containers.add(container);
            log.info("Provider workers for '{}' consuming {} as share group {}", provider, Topics.provider(provider),
                    groupId(provider));
        });
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        listeners.values().forEach(ProviderRecordListener::drain);
        if (!inFlight.awaitEmpty(drainTimeout)) {
            log.warn("{} records still in flight after {}; they return to their groups when the consumers close",
                    inFlight.size(), drainTimeout);
        }
        containers.forEach(AbstractShareKafkaMessageListenerContainer::stop);
        containers.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return AbstractShareKafkaMessageListenerContainer.DEFAULT_PHASE;
    }

    /** The running containers, for tests and diagnostics. */
    public synchronized List<ShareKafkaMessageListenerContainer<String, byte[]>> containers() {
        return Collections.unmodifiableList(new ArrayList<>(containers));
    }
}
