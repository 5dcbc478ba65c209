package dev.llmpool.launcher.command;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.DefaultResourceLoader;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options every command that runs part of the pool shares: the catalog, the routing rules, the record key (from the
 * environment) and free-form Spring properties.
 */
public final class PoolOptions {

    @Option(names = "--catalog", defaultValue = "classpath:llmpool/catalog.yml",
            description = "Model catalog location (default ${DEFAULT-VALUE}).")
    String catalog;

    @Option(names = "--routes", defaultValue = "classpath:llmpool/routes.yml",
            description = "Routing rules location (default ${DEFAULT-VALUE}); the router runs them, the gateway "
                    + "accepts their route aliases.")
    String routes;

    @Mixin
    RecordKeyOptions recordKey = new RecordKeyOptions();

    @Option(names = "--master-key", defaultValue = "${env:LLMPOOL_MASTER_KEY:-}", hidden = true,
            description = "The operator's key: the admin API, and every /v1 request then needs a key (default: "
                    + "$LLMPOOL_MASTER_KEY). Prefer the variable: a command line is visible to others.")
    String masterKey;

    @Option(names = {"-D", "--property"}, description = "Any Spring property, e.g. -D llmpool.router.max-attempts=6.")
    Map<String, String> properties = new LinkedHashMap<>();

    /** The Spring properties the catalog, rules and record key options stand for. */
    Map<String, Object> locations() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("llmpool.catalog.location", catalog);
        props.put("llmpool.routing.location", routes);
        props.putAll(recordKey.properties());
        if (masterKey() != null) {
            props.put("llmpool.auth.master-key", masterKey());
        }
        return props;
    }

    /** The master key, or null when none is set. */
    String masterKey() {
        return masterKey == null || masterKey.isBlank() ? null : masterKey.strip();
    }

    ModelCatalog loadCatalog() {
        return new CatalogLoader().load(new DefaultResourceLoader().getResource(catalog));
    }
}
