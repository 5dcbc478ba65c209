package dev.llmpool.embedded.kafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to start an {@link EmbeddedKafka}.
 *
 * @param port              the client (PLAINTEXT) port on 127.0.0.1; {@code 0} picks a free one
 * @param dataDir           where topics, offsets and cluster metadata live; reused as-is when it already holds a
 *                          broker's data. {@code null} means a fresh temp directory deleted on close
 * @param defaultPartitions {@code num.partitions} for topics created automatically
 * @param extraBrokerConfig broker properties applied over the defaults. Keys that define the node, its listeners
 *                          or its directories are owned by {@link EmbeddedKafka} and rejected here
 */
public record EmbeddedKafkaSettings(int port, Path dataDir, int defaultPartitions, Map<String, String> extraBrokerConfig) {

    /** Partitions of an automatically created topic unless told otherwise. */
    public static final int DEFAULT_PARTITIONS = 3;

    /** Broker properties {@link EmbeddedKafka} sets itself; overriding them would break the single-node setup. */
    public static final Set<String> RESERVED_KEYS = Set.of(
            "process.roles", "node.id", "broker.id",
            "listeners", "advertised.listeners", "listener.security.protocol.map", "inter.broker.listener.name",
            "controller.listener.names", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "log.dir", "log.dirs", "metadata.log.dir");

    public EmbeddedKafkaSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (random) or 1-65535, was " + port);
        }
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be at least 1, was " + defaultPartitions);
        }
        extraBrokerConfig = extraBrokerConfig == null ? Map.of() : Map.copyOf(extraBrokerConfig);
        Set<String> reserved = new TreeSet<>(extraBrokerConfig.keySet());
        reserved.retainAll(RESERVED_KEYS);
        if (!reserved.isEmpty()) {
            throw new IllegalArgumentException("extraBrokerConfig must not set " + reserved
                    + ": EmbeddedKafka owns the node id, listeners and directories");
        }
    }

    /** A random port, a temp directory deleted on close, {@value #DEFAULT_PARTITIONS} partitions per new topic. */
    public static EmbeddedKafkaSettings ephemeral() {
        return new EmbeddedKafkaSettings(0, null, DEFAULT_PARTITIONS, Map.of());
    }

    /** A broker that keeps its data in {@code dataDir} and listens on {@code port} ({@code 0} = random). */
    public static EmbeddedKafkaSettings persistent(int port, Path dataDir) {
        return new EmbeddedKafkaSettings(port, dataDir, DEFAULT_PARTITIONS, Map.of());
    }

    public EmbeddedKafkaSettings withPort(int newPort) {
        return new EmbeddedKafkaSettings(newPort, dataDir, defaultPartitions, extraBrokerConfig);
    }

    public EmbeddedKafkaSettings withDataDir(Path newDataDir) {
        return new EmbeddedKafkaSettings(port, newDataDir, defaultPartitions, extraBrokerConfig);
    }

    public EmbeddedKafkaSettings withDefaultPartitions(int partitions) {
        return new EmbeddedKafkaSettings(port, dataDir, partitions, extraBrokerConfig);
    }

    /** A copy with one more broker property. */
    public EmbeddedKafkaSettings withBrokerConfig(String key, String value) {
        Map<String, String> merged = new HashMap<>(extraBrokerConfig);
        merged.put(key, value);
        return new EmbeddedKafkaSettings(port, dataDir, defaultPartitions, merged);
    }
}
