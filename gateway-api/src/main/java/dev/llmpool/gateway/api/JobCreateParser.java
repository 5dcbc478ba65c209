package dev.llmpool.gateway.api;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.Priority;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a {@code POST /v1/jobs} body: {@code {"model", "body": {<chat body>}, "metadata", "priority", "timeout_ms",
 * "cache": {"mode", "ttl_seconds"}, "stream_tokens"}}. The chat body is checked by {@link ChatRequestValidator};
 * an unknown top-level field is a 400 (a typo must not silently change a job). Pure.
 */
public final class JobCreateParser {

    /** A job request that passed. {@code timeout} is null when the client gave none. */
    public record JobCreate(ChatRequestValidator.ValidChat chat, String model, Map<String, String> metadata,
                            Priority priority, Duration timeout, CacheControl cache, boolean streamTokens) {
    }

    private static final Set<String> FIELDS = Set.of("model", "body", "metadata", "priority", "timeout_ms", "cache",
            "stream_tokens");

    private final ChatRequestValidator validator;

    public JobCreateParser(ChatRequestValidator validator) {
        this.validator = validator;
    }

    public JobCreate parse(JsonNode request) {
        for (String field : request.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.invalidRequest("Unrecognized request argument supplied: " + field, field,
                        "unknown_parameter");
            }
        }
        String model = optionalString(request, "model");
        JsonNode body = request.get("body");
        if (body == null || body.isNull()) {
            throw ApiException.missingParameter("body");
        }
        if (!body.isObject()) {
            throw ApiException.invalidType("body", "an object", ChatRequestValidator.describe(body));
        }
        ChatRequestValidator.ValidChat chat = validator.validate(body, "body.", model);
        return new JobCreate(chat, model, metadata(request.get("metadata")), priority(request.get("priority")),
                timeout(request.get("timeout_ms")), cache(request.get("cache")),
                request.hasNonNull("stream_tokens") ? bool(request.get("stream_tokens"), "stream_tokens") : true);
    }

    private static String optionalString(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiException.invalidType(field, "a string", ChatRequestValidator.describe(value));
        }
        return value.asString();
    }

    private static Map<String, String> metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ApiException.invalidType("metadata", "an object", ChatRequestValidator.describe(node));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isString()) {
                throw ApiException.invalidType("metadata." + entry.getKey(), "a string",
                        ChatRequestValidator.describe(entry.getValue()));
            }
            metadata.put(entry.getKey(), entry.getValue().asString());
        }
        return metadata;
    }

    private static Priority priority(JsonNode node) {
        if (node == null || node.isNull()) {
            return Priority.INTERACTIVE;
        }
        if (!node.isString()) {
            throw ApiException.invalidType("priority", "a string", ChatRequestValidator.describe(node));
        }
        return switch (node.asString().toLowerCase(Locale.ROOT)) {
            case "interactive" -> Priority.INTERACTIVE;
            case "batch" -> Priority.BATCH;
            default -> throw ApiException.invalidRequest("Invalid value: '" + node.asString()
                    + "'. Supported values are: 'interactive' and 'batch'.", "priority", "invalid_value");
        };
    }

    private static Duration timeout(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            throw ApiException.invalidType("timeout_ms", "an integer", ChatRequestValidator.describe(node));
        }
        if (node.asLong() < 1) {
            throw ApiException.invalidValue("timeout_ms", "must be at least 1 millisecond.");
        }
        return Duration.ofMillis(node.asLong());
    }

    private static CacheControl cache(JsonNode node) {
        if (node == null || node.isNull()) {
            return CacheControl.AUTO;
        }
        if (!node.isObject()) {
            throw ApiException.invalidType("cache", "an object", ChatRequestValidator.describe(node));
        }
        JsonNode mode = node.get("mode");
        CacheControl.Mode parsed = CacheControl.Mode.AUTO;
        if (mode != null && !mode.isNull()) {
            if (!mode.isString()) {
                throw ApiException.invalidType("cache.mode", "a string", ChatRequestValidator.describe(mode));
            }
            parsed = ClientHeaders.cacheMode(mode.asString(), "cache.mode");
        }
        JsonNode ttl = node.get("ttl_seconds");
        Long ttlSeconds = null;
        if (ttl != null && !ttl.isNull()) {
            if (!ttl.isIntegralNumber()) {
                throw ApiException.invalidType("cache.ttl_seconds", "an integer", ChatRequestValidator.describe(ttl));
            }
            if (ttl.asLong() < 1) {
                throw ApiException.invalidValue("cache.ttl_seconds", "must be at least 1.");
            }
            ttlSeconds = ttl.asLong();
        }
        return new CacheControl(parsed, ttlSeconds);
    }

    private static boolean bool(JsonNode node, String field) {
        if (!node.isBoolean()) {
            throw ApiException.invalidType(field, "a boolean", ChatRequestValidator.describe(node));
        }
        return node.asBoolean();
    }
}
