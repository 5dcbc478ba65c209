package dev.llmpool.workers.provider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The provider endpoints, {@code llmpool.providers.<name>.*}. An OpenAI-compatible server (Ollama, vLLM, Groq,
 * OpenRouter, the simulator) is an endpoint of type {@code openai}: configuration, not code. Anthropic Messages is
 * type {@code anthropic}, Gemini generateContent type {@code gemini}.
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
     * @param type             the wire protocol: {@code openai}, {@code anthropic} or {@code gemini}
     * @param baseUrl          e.g. {@code https://api.openai.com/v1}; an {@code openai} endpoint without one is not
     *                         started by default; {@code anthropic} defaults to {@value #ANTHROPIC_BASE_URL} and
     *                         {@code gemini} to {@value #GEMINI_BASE_URL}
     * @param apiKey           sent as a bearer token ({@code openai}), {@code x-api-key} ({@code anthropic}) or
     *                         {@code x-goog-api-key} ({@code gemini}) when set; never logged, never in outcomes or
     *                         dead letters
     * @param connectTimeout   TCP connect timeout (a call's time limits are {@code resilience4j.timelimiter}
     *                         instances per provider and model)
     * @param apiVersion       the provider's API version: the {@code anthropic-version} header (default
     *                         {@value #ANTHROPIC_VERSION}) or Gemini's path version (default {@value #GEMINI_VERSION});
     *                         unused by {@code openai}
     * @param defaultMaxTokens the completion cap sent when the client gave none, for providers that require one
     *                         (Anthropic's {@code max_tokens})
     */
    public record Endpoint(
            @DefaultValue("openai") @NotBlank String type,
            URI baseUrl,
            String apiKey,
            @DefaultValue("5s") @NotNull Duration connectTimeout,
            String apiVersion,
            @DefaultValue("4096") @Positive int defaultMaxTokens) {

        public static final String ANTHROPIC_BASE_URL = "https://api.anthropic.com";
        public static final String ANTHROPIC_VERSION = "2023-06-01";
        public static final String GEMINI_BASE_URL = "https://generativelanguage.googleapis.com";
        public static final String GEMINI_VERSION = "v1beta";

        /** Fills the per-type defaults: base URL and API version of {@code anthropic} and {@code gemini}. */
        @ConstructorBinding
        public Endpoint {
            boolean noBaseUrl = baseUrl == null || baseUrl.toString().isBlank();
            if ("anthropic".equals(type)) {
                baseUrl = noBaseUrl ? URI.create(ANTHROPIC_BASE_URL) : baseUrl;
                apiVersion = apiVersion == null || apiVersion.isBlank() ? ANTHROPIC_VERSION : apiVersion;
            } else if ("gemini".equals(type)) {
                baseUrl = noBaseUrl ? URI.create(GEMINI_BASE_URL) : baseUrl;
                apiVersion = apiVersion == null || apiVersion.isBlank() ? GEMINI_VERSION : apiVersion;
            }
        }

        /** An endpoint with the per-type defaults for API version and completion cap. */
        public Endpoint(String type, URI baseUrl, String apiKey, Duration connectTimeout) {
            this(type, baseUrl, apiKey, connectTimeout, null, 4096);
        }

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
                    + ", connectTimeout=" + connectTimeout
                    + ", apiVersion=" + apiVersion + ", defaultMaxTokens=" + defaultMaxTokens + "]";
        }
    }
}
