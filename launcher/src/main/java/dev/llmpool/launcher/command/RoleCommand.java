package dev.llmpool.launcher.command;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.launcher.app.ProviderEndpoint;
import dev.llmpool.launcher.app.ProviderEndpoints;
import dev.llmpool.launcher.command.keys.RedisOptions;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One role per process, against a Kafka and Redis that run elsewhere: the multi-process deployment
 * (docker-compose, or extra workers beside {@code llmpool up}).
 */
public abstract class RoleCommand implements Callable<Integer> {

    @Option(names = "--kafka", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
    String kafka;

    /** {@code --redis}, with the password of {@code llmpool up}'s embedded Redis when the URL names none. */
    @Mixin
    RedisOptions redis = new RedisOptions();

    @Mixin
    PoolOptions options = new PoolOptions();

    abstract Map<String, Object> roleProperties(ModelCatalog catalog);

    @Override
    public Integer call() {
        ModelCatalog models = options.loadCatalog();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.kafka.bootstrap-servers", kafka);
        props.put("llmpool.redis.url", redis.effectiveUrl());
        props.putAll(options.locations());
        props.put("llmpool.gateway.enabled", false);
        props.put("llmpool.router.enabled", false);
        props.put("llmpool.workers.enabled", false);
        props.put("llmpool.batch.enabled", false);
        props.putAll(roleProperties(models));
        props.putAll(options.properties);
        PoolRuntime.awaitShutdown(PoolRuntime.start(props, new String[0]), null);
        return 0;
    }

    /** {@code llmpool gateway}. */
    @Command(name = "gateway", mixinStandardHelpOptions = true, description = "Run the HTTP gateway only.")
    public static final class Gateway extends RoleCommand {
        @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}).")
        int port;

        @Override
        Map<String, Object> roleProperties(ModelCatalog catalog) {
            return Map.of("llmpool.gateway.enabled", true, "server.port", port);
        }
    }

    /** {@code llmpool router}. */
    @Command(name = "router", mixinStandardHelpOptions = true, description = "Run the router only.")
    public static final class Router extends RoleCommand {
        @Override
        Map<String, Object> roleProperties(ModelCatalog catalog) {
            return Map.of("llmpool.router.enabled", true, "spring.main.web-application-type", "none");
        }
    }

    /** {@code llmpool batch-runner}: validates, runs and finalizes batches; files must be shared (an S3 store). */
    @Command(name = "batch-runner", mixinStandardHelpOptions = true,
            description = "Run the batch runner only (set llmpool.files.* to the store the gateway uses).")
    public static final class BatchRunner extends RoleCommand {
        @Override
        Map<String, Object> roleProperties(ModelCatalog catalog) {
            return Map.of("llmpool.batch.enabled", true, "spring.main.web-application-type", "none");
        }
    }

    /** {@code llmpool worker --provider openai}. */
    @Command(name = "worker", mixinStandardHelpOptions = true,
            description = "Run provider workers for the given providers (one share group each).")
    public static final class Worker extends RoleCommand {
        @Option(names = "--provider", required = true, split = ",",
                description = "Provider(s) to serve, e.g. --provider openai.")
        List<String> providers;

        @Option(names = "--simulator-url", defaultValue = "${env:LLMPOOL_SIMULATOR_URL:-http://127.0.0.1:8090/v1}",
                description = "Simulator base URL for providers without an API key (default ${DEFAULT-VALUE}).")
        String simulatorUrl;

        @Override
        Map<String, Object> roleProperties(ModelCatalog catalog) {
            Set<String> wanted = new LinkedHashSet<>(providers);
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("llmpool.workers.enabled", true);
            props.put("llmpool.workers.providers", String.join(",", wanted));
            props.put("spring.main.web-application-type", "none");
            for (ProviderEndpoint e : ProviderEndpoints.resolve(wanted, System.getenv(), simulatorUrl)) {
                props.putAll(e.properties());
                System.out.println("llmpool worker: " + e.provider() + " -> "
                        + (e.simulated() ? "SIMULATED " : "REAL ") + e.baseUrl());
            }
            return props;
        }
    }
}
