package dev.llmpool.workers.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code llmpool.providers.*} as Spring binds it: per-type defaults for Anthropic and Gemini. */
class ProviderPropertiesTest {

    @Test
    void anthropicAndGeminiEndpointsGetTheirBaseUrlVersionAndCapByDefault() {
        ProviderProperties properties = bind(Map.of(
                "llmpool.providers.claude.type", "anthropic",
                "llmpool.providers.claude.api-key", "sk-ant-secret",
                "llmpool.providers.google.type", "gemini",
                "llmpool.providers.local.base-url", "http://127.0.0.1:11434/v1"));

        ProviderProperties.Endpoint claude = properties.providers().get("claude");
        assertThat(claude.baseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(claude.apiVersion()).isEqualTo("2023-06-01");
        assertThat(claude.defaultMaxTokens()).isEqualTo(4096);
        assertThat(claude.hasBaseUrl()).isTrue();
        assertThat(claude.toString()).doesNotContain("sk-ant-secret");

        ProviderProperties.Endpoint google = properties.providers().get("google");
        assertThat(google.baseUrl()).isEqualTo(URI.create("https://generativelanguage.googleapis.com"));
        assertThat(google.apiVersion()).isEqualTo("v1beta");
        assertThat(google.connectTimeout()).isEqualTo(Duration.ofSeconds(5));

        ProviderProperties.Endpoint local = properties.providers().get("local");
        assertThat(local.type()).isEqualTo("openai");
        assertThat(local.apiVersion()).isNull();
    }

    @Test
    void configuredValuesWinOverTheDefaults() {
        ProviderProperties.Endpoint claude = bind(Map.of(
                "llmpool.providers.claude.type", "anthropic",
                "llmpool.providers.claude.base-url", "http://127.0.0.1:8090",
                "llmpool.providers.claude.api-version", "2024-10-22",
                "llmpool.providers.claude.default-max-tokens", "1024")).providers().get("claude");
        assertThat(claude.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8090"));
        assertThat(claude.apiVersion()).isEqualTo("2024-10-22");
        assertThat(claude.defaultMaxTokens()).isEqualTo(1024);
    }

    @Test
    void anOpenAiEndpointWithoutBaseUrlStillHasNone() {
        ProviderProperties.Endpoint endpoint = new ProviderProperties.Endpoint("openai", null, null,
                Duration.ofSeconds(5));
        assertThat(endpoint.hasBaseUrl()).isFalse();
    }

    private static ProviderProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bind("llmpool", ProviderProperties.class)
                .get();
    }
}
