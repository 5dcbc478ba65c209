package dev.llmpool.launcher.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides, per catalog provider, whether the pool calls the real provider or the simulator. The conventional
 * variables are read here and only here: {@code <PROVIDER>_API_KEY} (e.g. {@code OPENAI_API_KEY},
 * {@code ANTHROPIC_API_KEY}, {@code GEMINI_API_KEY}) and {@code <PROVIDER>_BASE_URL}. A provider with a key (or, for
 * keyless local servers, a base URL) is real. Known providers speak their own wire format; any other provider is an
 * OpenAI-compatible endpoint.
 */
public final class ProviderEndpoints {

    /** The simulator wants some key for the Anthropic and Gemini formats, as the real APIs do. */
    static final String SIMULATOR_KEY = "sk-simulated";

    private record Known(String type, String defaultUrl) {
    }

    private static final Map<String, Known> KNOWN = Map.of(
            "openai", new Known("openai", "https://api.openai.com/v1"),
            "anthropic", new Known("anthropic", "https://api.anthropic.com"),
            "gemini", new Known("gemini", "https://generativelanguage.googleapis.com"),
            "groq", new Known("openai", "https://api.groq.com/openai/v1"),
            "openrouter", new Known("openai", "https://openrouter.ai/api/v1"),
            "local", new Known("openai", "http://127.0.0.1:11434/v1"));

    private ProviderEndpoints() {
    }

    /**
     * @param simulatorOpenAiUrl the simulator's OpenAI base URL ({@code …/v1}); its root serves the other formats
     */
    public static List<ProviderEndpoint> resolve(Set<String> providers, Map<String, String> env,
                                                 String simulatorOpenAiUrl) {
        String simulatorRoot = simulatorOpenAiUrl.replaceAll("/v1/?$", "");
        List<ProviderEndpoint> endpoints = new ArrayList<>();
        for (String provider : providers) {
            Known known = KNOWN.getOrDefault(provider, new Known("openai", null));
            String prefix = provider.toUpperCase(Locale.ROOT).replace('-', '_');
            String key = firstSet(env, prefix + "_API_KEY", "gemini".equals(provider) ? "GOOGLE_API_KEY" : null);
            String url = env.get(prefix + "_BASE_URL");
            boolean real = key != null || (url != null && !url.isBlank());
            if (real) {
                String base = url != null && !url.isBlank() ? url : known.defaultUrl();
                if (base == null) {
                    throw new IllegalArgumentException("Provider " + provider + " has " + prefix
                            + "_API_KEY but no " + prefix + "_BASE_URL");
                }
                endpoints.add(new ProviderEndpoint(provider, known.type(), base, key, false));
            } else if ("openai".equals(known.type())) {
                endpoints.add(new ProviderEndpoint(provider, known.type(), simulatorOpenAiUrl, null, true));
            } else {
                endpoints.add(new ProviderEndpoint(provider, known.type(), simulatorRoot, SIMULATOR_KEY, true));
            }
        }
        return endpoints;
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            if (name != null && env.get(name) != null && !env.get(name).isBlank()) {
                return env.get(name);
            }
        }
        return null;
    }
}
