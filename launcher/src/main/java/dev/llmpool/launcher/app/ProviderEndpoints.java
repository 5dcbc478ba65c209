package dev.llmpool.launcher.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides, per catalog provider, whether the pool calls the real provider or the simulator. The conventional
 * variables are read here and only here: {@code <PROVIDER>_API_KEY} (e.g. {@code OPENAI_API_KEY}) and
 * {@code <PROVIDER>_BASE_URL}. A provider with a key (or, for keyless local servers, a base URL) is real.
 */
public final class ProviderEndpoints {

    private static final Map<String, String> DEFAULT_URLS = Map.of(
            "openai", "https://api.openai.com/v1",
            "groq", "https://api.groq.com/openai/v1",
            "openrouter", "https://openrouter.ai/api/v1",
            "local", "http://127.0.0.1:11434/v1");

    private ProviderEndpoints() {
    }

    public static List<ProviderEndpoint> resolve(Set<String> providers, Map<String, String> env,
                                                 String simulatorBaseUrl) {
        List<ProviderEndpoint> endpoints = new ArrayList<>();
        for (String provider : providers) {
            String prefix = provider.toUpperCase(Locale.ROOT).replace('-', '_');
            String key = env.get(prefix + "_API_KEY");
            String url = env.get(prefix + "_BASE_URL");
            boolean real = (key != null && !key.isBlank()) || (url != null && !url.isBlank());
            if (real) {
                String base = url != null && !url.isBlank() ? url : DEFAULT_URLS.get(provider);
                if (base == null) {
                    throw new IllegalArgumentException("Provider " + provider + " has " + prefix
                            + "_API_KEY but no " + prefix + "_BASE_URL");
                }
                endpoints.add(new ProviderEndpoint(provider, "openai", base, key, false));
            } else {
                endpoints.add(new ProviderEndpoint(provider, "openai", simulatorBaseUrl, null, true));
            }
        }
        return endpoints;
    }
}
