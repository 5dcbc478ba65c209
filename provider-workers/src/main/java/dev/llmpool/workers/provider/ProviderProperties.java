package dev.llmpool.workers.provider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The provider endpoints, {@code llmpool.providers.<name>.*}. An OpenAI-compatible server (Ollama, vLLM, Groq,
 * OpenRouter, the simulator) is an endpoint of type {@code openai}: configuration, not code.
 *
 * @param providers endpoints by provider name (the catalog's provider names)
 */
@Validated
@ConfigurationProperties("llmpool")
public record ProviderProperties(Map<String, @Valid Endpoint> providers) {

    public ProviderProperties {
        providers = providers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }

    /**
     * One provider's endpoint.
     *
     * @param type           the wire protocol: {@code openai}
     * @param baseUrl        e.g. {@code https://api.openai.com/v1}; a provider without one is not started by default
     * @param apiKey         sent as a bearer token when set; never logged, never in outcomes or dead letters
     * @param connectTimeout TCP connect timeout
     * @param requestTimeout the longest a call may take, headers to last byte (capped by the job's deadline)
     */
    public record Endpoint(
            @DefaultValue("openai") @NotBlank String type,
            URI baseUrl,
            String apiKey,
            @DefaultValue("5s") @NotNull Duration connectTimeout,
            @DefaultValue("120s") @NotNull Duration requestTimeout) {

        public boolean hasBaseUrl() {
            return baseUrl != null && !baseUrl.toString().isBlank();
        }

        public boolean hasApiKey() {
            return apiKey != null && !apiKey.isBlank();
        }

        /** Never prints the key. */
        @Override
        public String toString() {
            return "Endpoint[type=" + type + ", baseUrl=" + baseUrl + ", apiKey=" + (hasApiKey() ? "***" : "none")
                    + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
        }
    }
}
