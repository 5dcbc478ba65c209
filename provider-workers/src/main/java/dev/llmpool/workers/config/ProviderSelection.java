package dev.llmpool.workers.config;

import dev.llmpool.workers.provider.ProviderProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Which providers this process serves. */
public final class ProviderSelection {

    private ProviderSelection() {
    }

    /**
     * The configured providers, each of which must be in the catalog and have an endpoint; or, when none are
     * configured, every catalog provider that has an endpoint, in catalog order.
     *
     * @throws IllegalStateException naming every problem when a configured provider cannot be served
     */
    public static List<String> select(Collection<String> configured, Set<String> catalogProviders,
                                      ProviderProperties endpoints) {
        if (configured.isEmpty()) {
            return catalogProviders.stream().filter(p -> hasEndpoint(endpoints, p)).toList();
        }
        List<String> problems = new ArrayList<>();
        for (String provider : configured) {
            if (!catalogProviders.contains(provider)) {
                problems.add("'" + provider + "' is not a provider of the model catalog " + catalogProviders);
            } else if (!hasEndpoint(endpoints, provider)) {
                problems.add("'" + provider + "' has no endpoint (llmpool.providers." + provider + ".base-url)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("llmpool.workers.providers: " + String.join("; ", problems));
        }
        return List.copyOf(configured);
    }

    private static boolean hasEndpoint(ProviderProperties endpoints, String provider) {
        ProviderProperties.Endpoint endpoint = endpoints.providers().get(provider);
        return endpoint != null && endpoint.hasBaseUrl();
    }
}
