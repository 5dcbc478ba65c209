package dev.llmpool.core.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings shared by the pool's consumers off the request path: the usage meter, the batch runner's results and
 * commands, the summarize service's requests and results. None of them stands between a client and its answer, so
 * the broker may hold their empty fetches {@link #FETCH_WAIT} instead of Kafka's 500 ms: a record arriving still ends
 * a fetch at once; what waits longer is only the first fetch of partitions assigned while one is held (after a
 * rebalance). An idle pool's broker answers these consumers a tenth as often.
 */
public final class BackgroundConsumers {

    /** How long the broker may hold an empty fetch of a background consumer. */
    public static final Duration FETCH_WAIT = Duration.ofSeconds(5);

    private BackgroundConsumers() {
    }

    /** Overrides for a background consumer, auto-commit off (each of them commits what it has handled). */
    public static Properties overrides() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(FETCH_WAIT.toMillis()));
        return overrides;
    }
}
