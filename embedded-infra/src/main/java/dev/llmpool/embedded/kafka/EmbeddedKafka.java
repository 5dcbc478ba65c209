package dev.llmpool.embedded.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.llmpool.embedded.Directories;
import dev.llmpool.embedded.EmbeddedServerException;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.raft.QuorumConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A real single-node Kafka 4.2 broker in KRaft combined mode (broker and controller in one node), running inside
 * this JVM.
 *
 * <p>It is wired from Kafka's own server classes exactly as {@code kafka.server.KafkaRaftServer} wires them, with two
 * differences: the listener sockets are bound before the configuration is written (so a random port is known and
 * cannot be stolen), and faults are logged instead of halting the JVM. The storage is formatted only when the data
 * directory is new; an existing one keeps its cluster id, topics, records, committed offsets and share-group state.
 * A new cluster has its group coordinator's topic created before {@link #start} returns
 * ({@link GroupCoordinatorTopic}).
 *
 * <p>Clients connect to {@link #bootstrapServers()} with PLAINTEXT. Share groups (KIP-932) work out of the box on
 * this single node.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    static final int NODE_ID = 1;
    static final String HOST = "127.0.0.1";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Subdirectory of the data directory that Kafka owns (the name Kafka's own quick-start uses). */
    static final String LOG_DIR_NAME = "kraft-combined-logs";

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** How long a start waits for a new cluster's group coordinator topic (an upper bound, not an expectation). */
    private static final Duration COORDINATOR_PATIENCE = Duration.ofSeconds(30);

    private final BrokerServer broker;
    private final ControllerServer controller;
    private final String bootstrapServers;
    private final String clusterId;
    private final Path dataDir;
    private final DataDirLock dataDirLock;
    private final boolean deleteDataDirOnClose;
    private boolean closed;

    private EmbeddedKafka(BrokerServer broker, ControllerServer controller, String bootstrapServers,
                          String clusterId, Path dataDir, DataDirLock dataDirLock, boolean deleteDataDirOnClose) {
        this.broker = broker;
        this.controller = controller;
        this.bootstrapServers = bootstrapServers;
        this.clusterId = clusterId;
        this.dataDir = dataDir;
        this.dataDirLock = dataDirLock;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
    }

    /**
     * Starts the broker and returns once it accepts clients.
     *
     * @throws EmbeddedServerException when the port is taken, the data directory is unusable or the broker fails
     */
    public static EmbeddedKafka start(EmbeddedKafkaSettings settings) {
        long startNanos = System.nanoTime();
        boolean ephemeral = settings.dataDir() == null;
        Path dataDir = ephemeral ? Directories.createTemp("llmpool-kafka-") : Directories.ensureExists(settings.dataDir());
        PreboundSockets sockets = new PreboundSockets();
        DataDirLock dataDirLock = null;
        ControllerServer controller = null;
        BrokerServer broker = null;
        try {
            dataDirLock = DataDirLock.acquire(dataDir);
            int brokerPort = sockets.bind(BROKER_LISTENER, HOST, settings.port());
            int controllerPort = sockets.bind(CONTROLLER_LISTENER, HOST, 0);
            KafkaConfig config = new KafkaConfig(
                    brokerProperties(settings, dataDir.resolve(LOG_DIR_NAME), brokerPort, controllerPort), false);

            String clusterId = KraftStorage.formatIfNeeded(config, CONTROLLER_LISTENER);
            Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> storage =
                    KafkaRaftServer.initializeLogDirs(config, LOG, "[EmbeddedKafka] ");
            Metrics metrics = Server.initializeMetrics(config, Time.SYSTEM, clusterId);
            SharedServer shared = new SharedServer(
                    config,
                    storage._1(),
                    Time.SYSTEM,
                    metrics,
                    CompletableFuture.completedFuture(
                            QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
                    QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
                    new LoggingFaultHandlerFactory(),
                    sockets);
            broker = new BrokerServer(shared);
            controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), storage._2());
            // the same order as KafkaRaftServer: the controller first, so the broker can find the quorum
            controller.startup();
            broker.startup();

            String bootstrapServers = HOST + ":" + brokerPort;
            GroupCoordinatorTopic.createIfMissing(broker, COORDINATOR_PATIENCE);
            LOG.info("Embedded Kafka started in {} ms at {} (cluster {}, data {}{})",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), bootstrapServers, clusterId,
                    dataDir, ephemeral ? ", deleted on close" : "");
            return new EmbeddedKafka(broker, controller, bootstrapServers, clusterId, dataDir, dataDirLock, ephemeral);
        } catch (Exception | LinkageError e) {
            stopQuietly(broker, controller);
            sockets.close();
            releaseQuietly(dataDirLock);
            if (ephemeral) {
                deleteQuietly(dataDir);
            }
            throw new EmbeddedServerException("Embedded Kafka failed to start on port " + settings.port()
                    + " with data in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** The broker's client address, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The KRaft cluster id; stable across restarts on the same data directory. */
    public String clusterId() {
        return clusterId;
    }

    /** Where the broker keeps its data (a temp directory for an ephemeral broker). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Shuts the broker down cleanly (controlled shutdown, logs flushed) and, for an ephemeral broker, deletes its
     * data. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        try {
            broker.shutdown(SHUTDOWN_TIMEOUT);
            broker.awaitShutdown();
            controller.shutdown();
            controller.awaitShutdown();
        } finally {
            releaseQuietly(dataDirLock);
            if (deleteDataDirOnClose) {
                deleteQuietly(dataDir);
            }
        }
        LOG.info("Embedded Kafka at {} stopped in {} ms", bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    static Map<String, Object> brokerProperties(EmbeddedKafkaSettings settings, Path logDir,
                                                int brokerPort, int controllerPort) {
        Map<String, Object> props = new HashMap<>();
        // one node that is both broker and controller, with a static single-voter quorum
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", logDir.toString());

        // topics created on first use, replicated once (there is one broker)
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", Integer.toString(settings.defaultPartitions()));
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");

        // internal topics: the defaults (RF 3, min ISR 2) can never be met by one broker, and their coordinators
        // would stay unavailable: groups, transactions and share groups would silently get nothing
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "5");

        // after a crash (the JVM killed, no controlled shutdown) the restarted controller still holds the old broker
        // registration and refuses the new one until that registration's session expires: 9 s by default. Broker and
        // controller share one process here, so a shorter session only costs tolerance to multi-second JVM pauses
        props.put("broker.heartbeat.interval.ms", "1000");
        props.put("broker.session.timeout.ms", "4000");

        // no waiting for more members before the first classic-group rebalance
        props.put("group.initial.rebalance.delay.ms", "0");
        // a share consumer's first heartbeat returns no partitions while the group's share-partition state is being
        // initialized; it gets them on its next heartbeat, 5 s later by default. 1 s makes a new worker productive
        // (and a scaled-out pool rebalanced) within a second; heartbeats on one machine cost nothing
        props.put("group.share.min.heartbeat.interval.ms", "1000");
        props.put("group.share.heartbeat.interval.ms", "1000");
        // a worker killed without leaving keeps its partitions, and the records it had acquired stay locked, until its
        // session expires: 45 s by default (also the minimum). With 1 s heartbeats, 15 s still tolerates long pauses
        props.put("group.share.min.session.timeout.ms", "15000");
        props.put("group.share.session.timeout.ms", "15000");
        // the log cleaner (compacted internal topics) otherwise allocates 128 MiB of heap up front
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));

        props.putAll(settings.extraBrokerConfig());
        return props;
    }

    private static void stopQuietly(BrokerServer broker, ControllerServer controller) {
        try {
            if (broker != null) {
                broker.shutdown(Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka broker did not stop cleanly after a failed start", e);
        }
        try {
            if (controller != null) {
                controller.shutdown();
            }
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka controller did not stop cleanly after a failed start", e);
        }
    }

    private static void releaseQuietly(DataDirLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("Could not release the Kafka data directory lock", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.warn("Could not delete Kafka data directory {}", dir, e);
        }
    }
}
