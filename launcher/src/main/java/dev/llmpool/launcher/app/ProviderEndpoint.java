package dev.llmpool.launcher.app;

/**
 * Where one provider's workers send calls.
 *
 * @param simulated true when no credentials were configured and the provider simulator stands in
 */
public record ProviderEndpoint(String provider, String type, String baseUrl, String apiKey, boolean simulated) {

    /** The endpoint as Spring properties ({@code llmpool.providers.<name>.*}). */
    public java.util.Map<String, Object> properties() {
        String prefix = "llmpool.providers." + provider + ".";
        java.util.Map<String, Object> props = new java.util.LinkedHashMap<>();
        props.put(prefix + "type", type);
        props.put(prefix + "base-url", baseUrl);
        if (apiKey != null && !apiKey.isBlank()) {
            props.put(prefix + "api-key", apiKey);
        }
        return props;
    }
}
