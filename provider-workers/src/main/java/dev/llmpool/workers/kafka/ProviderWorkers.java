package dev.llmpool.workers.kafka;

import dev.llmpool.schemas.names.Topics;
import dev.llmpool.workers.lease.AttemptLeases;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ShareConsumerFactory;

/**
 * The share-group consumers of the providers this process serves: per provider, {@link ShareConsumerLoop}s consuming
 * {@code llm.provider.<p>} as group {@code llmpool-provider-<p>}, as many as the calls in flight need between the
 * configured minimum and maximum (see {@link ElasticConsumers}). Start: configure the groups, then start the
 * consumers. Stop: stop taking records, let the attempts in flight finish (up to the drain timeout), let the leases
 * of those still running lapse at once (so other workers take them over without waiting), then stop the consumers.
 * Each consumer asks its provider's {@link PollGate} before polling, so a paused provider's consumers (and a process
 * running as many attempts as it may) take nothing new.
 */
public class ProviderWorkers implements SmartLifecycle {

    /** Stopped after the listeners' users, like Spring Kafka's containers. */
    public static final int PHASE = Integer.MAX_VALUE - 100;

    private static final Logger log = LoggerFactory.getLogger(ProviderWorkers.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SCALING_INTERVAL = Duration.ofMillis(100);

    private final Map<String, ProviderRecordListener> listeners;
    private final ShareConsumerFactory<String, byte[]> consumerFactory;
    private final Scaling scaling;
    private final ShareGroupConfigurer groups;
    private final Map<String, String> groupConfig;
    private final AttemptLeases leases;
    private final Duration drainTimeout;
    private final String instanceId;
    private final Clock clock;
    private final Function<String, PollGate> gates;
    private final List<ElasticConsumers> providers = new ArrayList<>();
    private ScheduledExecutorService scaler;
    private volatile boolean running;

    /**
     * How many consumers each provider gets.
     *
     * @param min       consumers from the start
     * @param max       consumers at most
     * @param waitedTooLong one more joins when a record reached a consumer this long after it was published
     * @param idleAfter     one leaves (down to {@code min}) when it has held nothing this long
     */
    public record Scaling(int min, int max, Duration waitedTooLong, Duration idleAfter) {
    }

    public ProviderWorkers(Map<String, ProviderRecordListener> listeners,
                           ShareConsumerFactory<String, byte[]> consumerFactory, Scaling scaling,
                           ShareGroupConfigurer groups, Map<String, String> groupConfig, AttemptLeases leases,
                           Duration drainTimeout, String instanceId, Clock clock, Function<String, PollGate> gates) {
        this.listeners = Map.copyOf(listeners);
        this.consumerFactory = consumerFactory;
        this.scaling = scaling;
        this.groups = groups;
        this.groupConfig = Map.copyOf(groupConfig);
        this.leases = leases;
        this.drainTimeout = drainTimeout;
        this.instanceId = instanceId;
        this.clock = clock;
        this.gates = gates;
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
            String group = groupId(provider);
            String topic = Topics.provider(provider);
            PollGate gate = gates.apply(provider);
            ElasticConsumers consumers = new ElasticConsumers(provider, scaling.min(), scaling.max(),
                    scaling.waitedTooLong(), scaling.idleAfter(), index -> {
                        String clientId = "llmpool-worker-" + instanceId + "-" + provider + "-" + index;
                        return new ShareConsumerLoop(group, topic, clientId,
                                consumerFactory.createShareConsumer(group, clientId), listener, clock, gate);
                    });
            consumers.start();
            providers.add(consumers);
            log.info("Provider workers for '{}' consuming {} as share group {} ({} to {} consumers)", provider, topic,
                    group, scaling.min(), scaling.max());
        });
        long every = SCALING_INTERVAL.toMillis();
        scaler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("llmpool-consumer-scaler").factory());
        scaler.scheduleWithFixedDelay(this::adjust, every, every, TimeUnit.MILLISECONDS);
        running = true;
    }

    private void adjust() {
        long now = System.nanoTime();
        for (ElasticConsumers consumers : providers) {
            try {
                consumers.adjust(now);
            } catch (RuntimeException e) {
                log.warn("Could not adjust the consumers: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        if (scaler != null) {
            scaler.shutdownNow();
            scaler = null;
        }
        listeners.values().forEach(ProviderRecordListener::drain);
        if (!leases.awaitEmpty(drainTimeout)) {
            log.warn("{} attempts still running after {}; their leases lapse now and other workers run them again",
                    leases.lapseAll(), drainTimeout);
        }
        providers.forEach(c -> c.stop(STOP_TIMEOUT));
        providers.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running consumers, for tests and diagnostics. */
    public synchronized List<ShareConsumerLoop> consumers() {
        List<ShareConsumerLoop> all = new ArrayList<>();
        providers.forEach(c -> all.addAll(c.consumers()));
        return Collections.unmodifiableList(all);
    }
}
