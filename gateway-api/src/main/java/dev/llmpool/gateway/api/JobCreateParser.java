package dev.llmpool.gateway.api;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.Priority;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a {@code POST /v1/jobs} body, in one of two forms told apart by their required field:
 * <ul>
 *   <li>the envelope {@code {"model", "body": {<chat body>}, "metadata", "priority", "timeout_ms",
 *       "cache": {"mode", "ttl_seconds"}, "stream_tokens"}}: it has {@code body} and no {@code messages}; an unknown
 *       top-level field is a 400 (a typo must not silently change a job);</li>
 *   <li>a plain Chat Completions body, as sent to {@code /v1/chat/completions}: it has {@code messages} and no
 *       {@code body} (OpenAI has no such parameter); the job gets the envelope's defaults, and every field belongs to
 *       the chat body (unknown ones pass through, as on {@code /v1/chat/completions}) except the envelope's own
 *       options ({@code priority}, {@code timeout_ms}, {@code cache}, {@code stream_tokens}), which are refused
 *       rather than silently sent to the provider.</li>
 * </ul>
 * An object with both is ambiguous and refused. The chat body is checked by {@link ChatRequestValidator}. Pure.
 */
public final class JobCreateParser {

    /** A job request that passed. {@code timeout} is null when the client gave none. */
    public record JobCreate(ChatRequestValidator.ValidChat chat, String model, Map<String, String> metadata,
                            Priority priority, Duration timeout, CacheControl cache, boolean streamTokens) {
    }

    private static final Set<String> FIELDS = Set.of("model", "body", "metadata", "priority", "timeout_ms", "cache",
            "stream_tokens");
    /** The envelope's fields that are no Chat Completions parameter: refused beside a plain body, never ignored. */
    private static final List<String> OPTIONS = List.of("priority", "timeout_ms", "cache", "stream_tokens");

    /*
     * The job schema's own limits (job-request.v1.json): the router refuses an envelope past them, and a job the
     * gateway had accepted would then never end, so they are checked here first.
     */
    static final long MAX_TTL_SECONDS = 2_592_000;
    static final int MAX_METADATA_ENTRIES = 64;
    static final int MAX_METADATA_KEY = 128;
    static final int MAX_METADATA_VALUE = 4096;

    private final ChatRequestValidator validator;

    public JobCreateParser(ChatRequestValidator validator) {
        this.validator = validator;
    }

    public JobCreate parse(JsonNode request) {
        boolean envelope = request.has("body");
        if (request.has("messages")) {
            if (envelope) {
                throw ApiException.invalidRequest("The request has both 'messages' and 'body': send either a chat "
                        + "completions body (with 'messages') or a job envelope ('body' holding the chat body, with "
                        + "the job's options beside it), not both.", "messages", "ambiguous_request");
            }
            for (String option : OPTIONS) {
                if (request.has(option)) {
                    throw ApiException.invalidRequest("'" + option + "' is a job option, not a chat completions "
                            + "parameter: send the job as an envelope, {\"body\": {<chat completions body>}, \""
                            + option + "\": ...}.", option, "unknown_parameter");
                }
            }
            return new JobCreate(validator.validate(request, "", null), null, metadata(null), priority(null),
                    timeout(null), cache(null), streamTokens(null));
        }
        for (String field : request.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.invalidRequest("Unrecognized request argument supplied: " + field, field,
                        "unknown_parameter");
            }
        }
        String model = optionalString(request, "model");
        JsonNode body = request.get("body");
        if (body == null || body.isNull()) {
            throw ApiException.invalidRequest("Missing required parameter: 'body'. Send a job envelope ('body' holding "
                    + "the chat completions body, with the job's options beside it) or a plain chat completions body "
                    + "(with 'messages').", "body", "missing_required_parameter");
        }
        if (!body.isObject()) {
            throw ApiException.invalidType("body", "an object", ChatRequestValidator.describe(body));
        }
        ChatRequestValidator.ValidChat chat = validator.validate(body, "body.", model);
        return new JobCreate(chat, model, metadata(request.get("metadata")), priority(request.get("priority")),
                timeout(request.get("timeout_ms")), cache(request.get("cache")),
                streamTokens(request.get("stream_tokens")));
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
        if (node.size() > MAX_METADATA_ENTRIES) {
            throw ApiException.invalidValue("metadata", "must have at most " + MAX_METADATA_ENTRIES + " entries.");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (entry.getKey().length() > MAX_METADATA_KEY) {
                throw ApiException.invalidValue("metadata", "keys must have at most " + MAX_METADATA_KEY
                        + " characters.");
            }
            if (!entry.getValue().isString()) {
                throw ApiException.invalidType("metadata." + entry.getKey(), "a string",
                        ChatRequestValidator.describe(entry.getValue()));
            }
            if (entry.getValue().asString().length() > MAX_METADATA_VALUE) {
                throw ApiException.invalidValue("metadata." + entry.getKey(), "must have at most "
                        + MAX_METADATA_VALUE + " characters.");
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
            if (ttl.asLong() < 1 || ttl.asLong() > MAX_TTL_SECONDS) {
                throw ApiException.invalidValue("cache.ttl_seconds", "must be from 1 to " + MAX_TTL_SECONDS
                        + " (30 days).");
            }
            ttlSeconds = ttl.asLong();
        }
        return new CacheControl(parsed, ttlSeconds);
    }

    private static boolean streamTokens(JsonNode node) {
        return node == null || node.isNull() || bool(node, "stream_tokens");
    }

    private static boolean bool(JsonNode node, String field) {
        if (!node.isBoolean()) {
            throw ApiException.invalidType(field, "a boolean", ChatRequestValidator.describe(node));
        }
        return node.asBoolean();
    }
}
