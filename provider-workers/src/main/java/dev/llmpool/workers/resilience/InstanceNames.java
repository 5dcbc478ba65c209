package dev.llmpool.workers.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a call finds its Resilience4j instance configuration: the model's instance ({@code openai.gpt-4o-mini};
 * in properties {@code resilience4j.circuitbreaker.instances[openai.gpt-4o-mini]}), else the provider's
 * ({@code openai}), else the registry's {@code configs.default}. A suffix names a second family of instances
 * ({@code openai.first-token}). Pure.
 */
public final class InstanceNames {

    private InstanceNames() {
    }

    /** The live instance's name for a provider and model. */
    public static String of(String provider, String model) {
        return model == null || model.isBlank() ? provider : provider + "." + model;
    }

    /** The instance names to look for, most specific first. */
    public static List<String> candidates(String provider, String model, String suffix) {
        String tail = suffix == null ? "" : "." + suffix;
        List<String> names = new ArrayList<>(2);
        if (model != null && !model.isBlank()) {
            names.add(provider + "." + model + tail);
        }
        names.add(provider + tail);
        return names;
    }

    /** The first configuration found under the candidates, else {@code fallback}. */
    public static <C> C resolve(List<String> candidates, Function<String, Optional<C>> configured, C fallback) {
        for (String name : candidates) {
            Optional<C> config = configured.apply(name);
            if (config.isPresent()) {
                return config.get();
            }
        }
        return fallback;
    }
}
