package dev.llmpool.embedded.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.ShareVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats the broker's log directory the first time, as {@code kafka-storage.sh format} would, and leaves an already
 * formatted one alone so its cluster id, topics and records survive a restart.
 */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

    private KraftStorage() {
    }

    /** Formats every unformatted directory of {@code config} and returns the cluster id the directories carry. */
    static String formatIfNeeded(KafkaConfig config, String controllerListenerName) throws Exception {
        MetaPropertiesEnsemble ensemble = new MetaPropertiesEnsemble.Loader()
                .addMetadataLogDir(config.metadataLogDir())
                .addLogDirs(config.logDirs())
                .load();
        if (!ensemble.errorLogDirs().isEmpty()) {
            throw new IOException("Cannot read Kafka log directories " + ensemble.errorLogDirs());
        }
        if (ensemble.emptyLogDirs().isEmpty()) {
            String clusterId = ensemble.clusterId().orElseThrow(
                    () -> new IOException("No cluster id in " + config.logDirs()));
            LOG.debug("Kafka storage {} already formatted for cluster {}", config.logDirs(), clusterId);
            return clusterId;
        }
        // a partly formatted set of directories joins the cluster its formatted members belong to
        String clusterId = ensemble.clusterId().orElseGet(() -> Uuid.randomUuid().toString());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setDirectories(List.copyOf(ensemble.emptyLogDirs()))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName(controllerListenerName)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    // share groups (KIP-932): on by default from 4.2-IV0, stated here so a format never lacks it
                    .setFeatureLevel(ShareVersion.FEATURE_NAME, ShareVersion.SV_1.featureLevel())
                    .setIgnoreFormatted(true)
                    .run();
        }
        LOG.info("Formatted Kafka storage {} for new cluster {}", ensemble.emptyLogDirs(), clusterId);
        LOG.debug("Kafka storage formatter said: {}", output.toString(StandardCharsets.UTF_8).strip());
        return clusterId;
    }
}
