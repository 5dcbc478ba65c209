package dev.llmpool.workers.kafka;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ShareConsumerFactory;

/**
 * The share-group consumers of the providers this process serves, in two lanes per provider: the interactive lane
 * consumes {@code llm.provider.<p>} as group {@code llmpool-provider-<p>}, as many consumers as the calls in flight
 * need between the configured minimum and maximum (see {@link ElasticConsumers}); the batch lane consumes
 * {@code llm.provider.<p>.batch} as group {@code llmpool-provider-<p>-batch} with consumers of its own, whose gate
 * lets them take records only while interactive work leaves room (see {@code dev.llmpool.workers.lanes}). Start:
 * configure the groups, then start the consumers. Stop: stop taking records, let the attempts in flight finish (up
 * to the drain timeout), let the leases of those still running lapse at once (so other workers take them over
 * without waiting), then stop the consumers. Each consumer asks its lane's {@link PollGate} before polling, so a
 * paused provider's consumers (and a process running as many attempts as it may) take nothing new.
 */
public class ProviderWorkers implements SmartLifecycle {

    /** Stopped after the listeners' users, like Spring Kafka's containers. */
    public static final int PHASE = Integer.MAX_VALUE - 100;

    private static final Logger log = LoggerFactory.getLogger(ProviderWorkers.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SCALING_INTERVAL = Duration.ofMillis(100);

    private final List<Lane> lanes;
    private final ShareGroupConfigurer groups;
    private final Map<String, String> groupConfig;
    private final AttemptLeases leases;
    private final Duration drainTimeout;
    private final String instanceId;
    private final Clock clock;
    private final List<ElasticConsumers> consumers = new ArrayList<>();
    private ScheduledExecutorService scaler;
    private volatile boolean running;

    /**
     * How many consumers a lane gets.
     *
     * @param min       consumers from the start
     * @param max       consumers at most
     * @param waitedTooLong one more joins when a record reached a consumer this long after it was published
     * @param idleAfter     one leaves (down to {@code min}) when it has held nothing this long
     */
    public record Scaling(int min, int max, Duration waitedTooLong, Duration idleAfter) {
    }

    /**
     * One lane of one provider: what its consumers read, as which group, through which gate.
     *
     * @param name      {@code interactive} or {@code batch}, for client ids and logs
     * @param factory   makes the lane's share consumers (the batch lane's poll fewer records)
     */
    public record Lane(String provider, String name, String topic, String group, ProviderRecordListener listener,
                       ShareConsumerFactory<String, byte[]> factory, Scaling scaling, PollGate gate) {
    }

    public ProviderWorkers(List<Lane> lanes, ShareGroupConfigurer groups, Map<String, String> groupConfig,
                           AttemptLeases leases, Duration drainTimeout, String instanceId, Clock clock) {
        this.lanes = List.copyOf(lanes);
        this.groups = groups;
        this.groupConfig = Map.copyOf(groupConfig);
        this.leases = leases;
        this.drainTimeout = drainTimeout;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** The share group of a provider's interactive workers. */
    public static String groupId(String provider) {
        return "llmpool-provider-" + provider;
    }

    /** The share group of a provider's batch lane. */
    public static String batchGroupId(String provider) {
        return groupId(provider) + "-batch";
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (lanes.isEmpty()) {
            log.warn("Provider workers enabled but no provider has an endpoint (llmpool.providers.<name>.base-url)");
            running = true;
            return;
        }
        groups.configure(lanes.stream().map(Lane::group).distinct().sorted().toList(), groupConfig);
        for (Lane lane : lanes) {
            lane.listener().resume(); // a stop drained it; started again, it takes records again
            Scaling scaling = lane.scaling();
            ElasticConsumers elastic = new ElasticConsumers(lane.provider(), scaling.min(), scaling.max(),
                    scaling.waitedTooLong(), scaling.idleAfter(), index -> {
                        String clientId = "llmpool-worker-" + instanceId + "-" + lane.provider()
                                + (lane.name().equals("interactive") ? "" : "-" + lane.name()) + "-" + index;
                        return new ShareConsumerLoop(lane.group(), lane.topic(), clientId,
                                lane.factory().createShareConsumer(lane.group(), clientId), lane.listener(), clock,
                                lane.gate());
                    });
            elastic.start();
            consumers.add(elastic);
            log.info("Provider workers for '{}' ({} lane) consuming {} as share group {} ({} to {} consumers)",
                    lane.provider(), lane.name(), lane.topic(), lane.group(), scaling.min(), scaling.max());
        }
        long every = SCALING_INTERVAL.toMillis();
        scaler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("llmpool-consumer-scaler").factory());
        scaler.scheduleWithFixedDelay(this::adjust, every, every, TimeUnit.MILLISECONDS);
        running = true;
    }

    private void adjust() {
        long now = System.nanoTime();
        for (ElasticConsumers elastic : consumers) {
            try {
                elastic.adjust(now);
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
        lanes.forEach(lane -> lane.listener().drain());
        if (!leases.awaitEmpty(drainTimeout)) {
            log.warn("{} attempts still running after {}; their leases lapse now and other workers run them again",
                    leases.lapseAll(), drainTimeout);
        }
        consumers.forEach(c -> c.stop(STOP_TIMEOUT));
        consumers.clear();
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
        consumers.forEach(c -> all.addAll(c.consumers()));
        return Collections.unmodifiableList(all);
    }
}
