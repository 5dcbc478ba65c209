package dev.llmpool.simulator.admin;

import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.timing.GoDurations;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Applies a partial JSON update to settings. Fields are the record's names (plus the CLI's short names
 * {@code ttft}, {@code tps}, {@code rpm}); durations are strings ({@code "250ms"}, {@code "PT1S"}) or numbers of
 * milliseconds. {@code host} and {@code port} cannot change on a running simulator. Pure: no I/O.
 */
final class SettingsPatch {

    private SettingsPatch() {
    }

    /**
     * {@code current} with the fields of {@code patch} changed.
     *
     * @throws IllegalArgumentException for an unknown field, a bad value or invalid resulting settings
     */
    static SimulatorSettings apply(SimulatorSettings current, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new IllegalArgumentException("the settings update must be a JSON object");
        }
        SimulatorSettings next = current;
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode value = field.getValue();
            next = switch (field.getKey()) {
                case "latency" -> next.withLatency(duration(field.getKey(), value));
                case "timeToFirstToken", "ttft" -> next.withTimeToFirstToken(duration(field.getKey(), value));
                case "tokensPerSecond", "tps" -> next.withTokensPerSecond(number(field.getKey(), value));
                case "errorRate" -> next.withErrorRate(number(field.getKey(), value));
                case "rateLimitErrorRate" -> next.withRateLimitErrorRate(number(field.getKey(), value));
                case "requestsPerMinute", "rpm" -> next.withRequestsPerMinute(integer(field.getKey(), value));
                case "defaultCompletionTokens" -> next.withDefaultCompletionTokens(integer(field.getKey(), value));
                case "seed" -> next.withSeed(longValue(field.getKey(), value));
                case "models" -> next.withModels(models(value));
                case "host", "port" -> throw new IllegalArgumentException(field.getKey()
                        + " cannot change on a running simulator");
                default -> throw new IllegalArgumentException("unknown setting '" + field.getKey() + "'");
            };
        }
        return next;
    }

    private static Duration duration(String name, JsonNode value) {
        if (value.isIntegralNumber()) {
            return Duration.ofMillis(value.longValue());
        }
        if (value.isString()) {
            return GoDurations.parse(value.stringValue());
        }
        throw new IllegalArgumentException(name + " must be a duration string like \"250ms\" or milliseconds");
    }

    private static double number(String name, JsonNode value) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException(name + " must be a number");
        }
        return value.doubleValue();
    }

    private static int integer(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return value.intValue();
    }

    private static long longValue(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return value.longValue();
    }

    private static Set<String> models(JsonNode value) {
        if (!value.isArray()) {
            throw new IllegalArgumentException("models must be an array of strings");
        }
        Set<String> models = new LinkedHashSet<>();
        for (JsonNode model : value.values()) {
            if (!model.isString() || model.stringValue().isBlank()) {
                throw new IllegalArgumentException("models must be an array of non-blank strings");
            }
            models.add(model.stringValue());
        }
        return models;
    }
}
