package dev.llmpool.workers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.workers.provider.ProviderProperties;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderSelectionTest {

    private static final Set<String> CATALOG = new LinkedHashSet<>(List.of("openai", "local", "anthropic"));

    @Test
    void byDefaultEveryCatalogProviderWithAnEndpointIsServed() {
        assertThat(ProviderSelection.select(List.of(), CATALOG, endpoints("local", "openai", "elsewhere")))
                .containsExactly("openai", "local");
    }

    @Test
    void aConfiguredListIsServedAsGiven() {
        assertThat(ProviderSelection.select(List.of("local"), CATALOG, endpoints("local", "openai")))
                .containsExactly("local");
    }

    @Test
    void aConfiguredProviderWithoutEndpointOrOutsideTheCatalogFailsStartUp() {
        assertThatThrownBy(() -> ProviderSelection.select(List.of("anthropic", "nope"), CATALOG, endpoints("openai")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'anthropic' has no endpoint (llmpool.providers.anthropic.base-url)")
                .hasMessageContaining("'nope' is not a provider of the model catalog");
    }

    @Test
    void anEndpointNeverPrintsItsKey() {
        ProviderProperties.Endpoint endpoint = new ProviderProperties.Endpoint("openai",
                URI.create("https://api.openai.com/v1"), "sk-secret-value-123456", Duration.ofSeconds(5));
        assertThat(endpoint.toString()).doesNotContain("sk-secret").contains("apiKey=***");
        assertThat(new ProviderProperties(Map.of("openai", endpoint)).toString()).doesNotContain("sk-secret");
    }

    private static ProviderProperties endpoints(String... names) {
        Map<String, ProviderProperties.Endpoint> map = new LinkedHashMap<>();
        for (String name : names) {
            map.put(name, new ProviderProperties.Endpoint("openai", URI.create("http://127.0.0.1:1/v1"), null,
                    Duration.ofSeconds(5)));
        }
        return new ProviderProperties(map);
    }
}
