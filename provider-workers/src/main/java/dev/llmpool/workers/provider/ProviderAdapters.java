package dev.llmpool.workers.provider;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.anthropic.AnthropicAdapter;
import dev.llmpool.workers.provider.anthropic.AnthropicApi;
import dev.llmpool.workers.provider.gemini.GeminiAdapter;
import dev.llmpool.workers.provider.gemini.GeminiApi;
import dev.llmpool.workers.provider.openai.OpenAiAdapter;
import dev.llmpool.workers.provider.openai.OpenAiApi;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The adapters of the providers this process serves, built from their endpoints by type. */
public final class ProviderAdapters implements AutoCloseable {

    /** The wire protocols an endpoint's {@code type} may name. */
    public static final Set<String> TYPES = Set.of("openai", "anthropic", "gemini");

    private final Map<String, ProviderAdapter> adapters;

    public ProviderAdapters(Map<String, ProviderAdapter> adapters) {
        this.adapters = Collections.unmodifiableMap(new LinkedHashMap<>(adapters));
    }

    public static ProviderAdapters create(Collection<String> providers, ProviderProperties properties,
                                          JsonCodec codec, Clock clock) {
        Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();
        for (String provider : providers) {
            ProviderProperties.Endpoint endpoint = properties.providers().get(provider);
            if (endpoint == null || !endpoint.hasBaseUrl()) {
                throw new IllegalStateException("Provider '" + provider + "' has no endpoint: set llmpool.providers."
                        + provider + ".base-url");
            }
            adapters.put(provider, switch (endpoint.type()) {
                case "openai" -> new OpenAiAdapter(provider, new OpenAiApi(provider, endpoint, codec, clock), clock);
                case "anthropic" -> new AnthropicAdapter(provider, new AnthropicApi(provider, endpoint, codec, clock),
                        endpoint, clock);
                case "gemini" -> new GeminiAdapter(provider, new GeminiApi(provider, endpoint, codec, clock),
                        endpoint, clock);
                default -> throw new IllegalStateException("llmpool.providers." + provider + ".type="
                        + endpoint.type() + " is not supported; supported types: " + TYPES);
            });
        }
        return new ProviderAdapters(adapters);
    }

    public ProviderAdapter get(String provider) {
        ProviderAdapter adapter = adapters.get(provider);
        if (adapter == null) {
            throw new IllegalArgumentException("No adapter for provider '" + provider + "'");
        }
        return adapter;
    }

    public Set<String> providers() {
        return adapters.keySet();
    }

    @Override
    public void close() {
        for (ProviderAdapter adapter : adapters.values()) {
            if (adapter instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // closing HTTP clients on shutdown; nothing to do about a failure
                }
            }
        }
    }
}
