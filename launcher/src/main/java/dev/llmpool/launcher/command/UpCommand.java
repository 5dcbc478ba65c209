package dev.llmpool.launcher.command;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.embedded.redis.RedisPassword;
import dev.llmpool.launcher.app.ProviderEndpoint;
import dev.llmpool.launcher.app.ProviderEndpoints;
import dev.llmpool.launcher.embedded.EmbeddedPool;
import dev.llmpool.launcher.embedded.EmbeddedPoolSettings;
import dev.llmpool.simulator.SimulatorSettings;
import org.springframework.boot.convert.DurationStyle;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmpool up}: the whole pool in one JVM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the whole pool in one JVM: Kafka (KRaft), Redis, gateway, router, workers, batch runner, "
                + "simulator.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "Gateway HTTP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", description = "The address the gateway listens on (default: every interface once a "
            + "key or a master key exists, else 127.0.0.1 only, since the API is then open to anyone who can reach "
            + "it; --host 0.0.0.0 opens it up all the same).")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--redis-port", defaultValue = "6379",
            description = "Port of the embedded Redis (default ${DEFAULT-VALUE}); REDIS_URL uses an existing one.")
    int redisPort;

    @Option(names = "--simulator-port", defaultValue = "8090",
            description = "Provider simulator port (default ${DEFAULT-VALUE}).")
    int simulatorPort;

    @Option(names = "--sim-latency", defaultValue = "0ms",
            description = "Simulator latency before the answer starts (default ${DEFAULT-VALUE}), e.g. 1s.")
    String simLatency;

    @Option(names = "--sim-ttft", defaultValue = "0ms",
            description = "Simulator time to first token when streaming (default ${DEFAULT-VALUE}).")
    String simTimeToFirstToken;

    @Option(names = "--sim-tps", defaultValue = "0",
            description = "Simulator tokens per second, 0 = unpaced (default ${DEFAULT-VALUE}).")
    double simTokensPerSecond;

    @Option(names = "--data-dir", defaultValue = ".llmpool/data",
            description = "Where Kafka, Redis and the Files API keep data (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Mixin
    PoolOptions options = new PoolOptions();

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        ModelCatalog models = options.loadCatalog();
        long t0 = System.nanoTime();
        SimulatorSettings simulator = SimulatorSettings.defaults().withPort(simulatorPort)
                .withLatency(DurationStyle.detectAndParse(simLatency))
                .withTimeToFirstToken(DurationStyle.detectAndParse(simTimeToFirstToken))
                .withTokensPerSecond(simTokensPerSecond);
        EmbeddedPool pool = EmbeddedPool.start(new EmbeddedPoolSettings(kafkaPort, redisPort, simulator,
                dataDir.toAbsolutePath(), env.get("REDIS_URL")));
        List<ProviderEndpoint> endpoints = ProviderEndpoints.resolve(models.providers(), env,
                pool.simulatorOpenAiBaseUrl());
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", port);
        Exposure exposure = Exposure.of(host, options.masterKey() != null, Exposure.keysIn(pool.redisUrl()));
        props.put("server.address", exposure.address());
        props.put("spring.kafka.bootstrap-servers", pool.kafkaBootstrap());
        props.put("llmpool.redis.url", pool.redisUrl());
        // Spring's "Starting …", "No active profile set" and "Started … in" lines: the banner below says when it is up
        props.put("spring.main.log-startup-info", false);
        props.put("llmpool.files.local.dir", dataDir.toAbsolutePath().resolve("files").toString());
        props.putAll(options.locations());
        endpoints.forEach(e -> props.putAll(e.properties()));
        props.putAll(options.properties);
        long infraMs = (System.nanoTime() - t0) / 1_000_000;
        ConfigurableApplicationContext context;
        try {
            context = PoolRuntime.start(props, new String[0], Map.of("embeddedPoolMeters", pool.meters()));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        long readyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long appMs = (System.nanoTime() - t0) / 1_000_000 - infraMs;
        printBanner(pool, endpoints, exposure, readyMs, infraMs, appMs);
        PoolRuntime.awaitShutdown(context, pool);
        return 0;
    }

    private void printBanner(EmbeddedPool pool, List<ProviderEndpoint> endpoints, Exposure exposure, long readyMs,
                             long infraMs, long appMs) {
        StringBuilder sb = new StringBuilder();
        sb.append("\nllmpool is up (ready in ").append(readyMs).append(" ms since JVM start: Kafka, Redis and simulator ")
                .append(infraMs).append(" ms, gateway, router and workers ").append(appMs).append(" ms)\n");
        sb.append("  OpenAI-compatible API  http://").append(exposure.shownHost()).append(':').append(port)
                .append("/v1\n");
        sb.append("  Access                 ").append(exposure.describe()).append('\n');
        sb.append("  Kafka bootstrap        ").append(pool.kafkaBootstrap()).append("  (publish jobs to llm.requests)\n");
        sb.append("  Redis                  ").append(pool.redisDisplayUrl())
                .append(pool.redisEmbedded() ? "  (embedded; password in " + dataDir.toAbsolutePath()
                        .resolve("redis").resolve(RedisPassword.FILE) + ")" : "  (REDIS_URL)").append('\n');
        sb.append("  Data                   ").append(dataDir.toAbsolutePath())
                .append("  (Kafka, Redis, files of the Files and Batch APIs)").append('\n');
        sb.append("  Providers:\n");
        for (ProviderEndpoint e : endpoints) {
            sb.append("    ").append(String.format("%-12s", e.provider()))
                    .append(e.simulated() ? "SIMULATED  (no API key; simulator at " + e.baseUrl() + ")"
                            : "REAL       " + e.baseUrl())
                    .append('\n');
        }
        sb.append("  Press Ctrl-C to stop.\n");
        System.out.println(sb);
    }
}
