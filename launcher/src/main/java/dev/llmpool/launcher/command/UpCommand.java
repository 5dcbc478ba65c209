package dev.llmpool.launcher.command;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.launcher.app.ProviderEndpoint;
import dev.llmpool.launcher.app.ProviderEndpoints;
import dev.llmpool.launcher.embedded.EmbeddedPool;
import dev.llmpool.launcher.embedded.EmbeddedPoolSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmpool up}: the whole pool in one JVM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the whole pool in one JVM: Kafka (KRaft), Redis, gateway, router, workers, simulator.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "Gateway HTTP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--redis-port", defaultValue = "6379",
            description = "Port of the embedded Redis (default ${DEFAULT-VALUE}); REDIS_URL uses an existing one.")
    int redisPort;

    @Option(names = "--simulator-port", defaultValue = "8090",
            description = "Provider simulator port (default ${DEFAULT-VALUE}).")
    int simulatorPort;

    @Option(names = "--data-dir", defaultValue = ".llmpool/data",
            description = "Where Kafka and Redis keep data (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--catalog", defaultValue = "classpath:llmpool/catalog.yml",
            description = "Model catalog location (default ${DEFAULT-VALUE}).")
    String catalog;

    @Option(names = {"-D", "--property"}, description = "Any Spring property, e.g. -D llmpool.router.max-attempts=6.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        ModelCatalog models = new CatalogLoader().load(new DefaultResourceLoader().getResource(catalog));
        long t0 = System.nanoTime();
        EmbeddedPool pool = EmbeddedPool.start(new EmbeddedPoolSettings(kafkaPort, redisPort, simulatorPort,
                dataDir.toAbsolutePath(), env.get("REDIS_URL")));
        List<ProviderEndpoint> endpoints = ProviderEndpoints.resolve(models.providers(), env,
                pool.simulatorOpenAiBaseUrl());
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", port);
        props.put("spring.kafka.bootstrap-servers", pool.kafkaBootstrap());
        props.put("llmpool.redis.url", pool.redisUrl());
        props.put("llmpool.catalog.location", catalog);
        endpoints.forEach(e -> props.putAll(e.properties()));
        props.putAll(properties);
        long infraMs = (System.nanoTime() - t0) / 1_000_000;
        ConfigurableApplicationContext context;
        try {
            context = PoolRuntime.start(props, new String[0]);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        long readyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long appMs = (System.nanoTime() - t0) / 1_000_000 - infraMs;
        printBanner(pool, endpoints, readyMs, infraMs, appMs);
        PoolRuntime.awaitShutdown(context, pool);
        return 0;
    }

    private void printBanner(EmbeddedPool pool, List<ProviderEndpoint> endpoints, long readyMs, long infraMs,
                             long appMs) {
        StringBuilder sb = new StringBuilder();
        sb.append("\nllmpool is up (ready in ").append(readyMs).append(" ms since JVM start: Kafka, Redis and simulator ")
                .append(infraMs).append(" ms, gateway, router and workers ").append(appMs).append(" ms)\n");
        sb.append("  OpenAI-compatible API  http://localhost:").append(port).append("/v1\n");
        sb.append("  Kafka bootstrap        ").append(pool.kafkaBootstrap()).append("  (publish jobs to llm.requests)\n");
        sb.append("  Redis                  ").append(pool.redisUrl())
                .append(pool.redisEmbedded() ? "  (embedded)" : "  (REDIS_URL)").append('\n');
        sb.append("  Data                   ").append(dataDir.toAbsolutePath()).append('\n');
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
