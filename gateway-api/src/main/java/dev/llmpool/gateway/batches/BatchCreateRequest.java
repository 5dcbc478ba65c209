package dev.llmpool.gateway.batches;

import dev.llmpool.core.batch.CompletionWindow;
import dev.llmpool.gateway.error.ApiException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/batches}, checked in OpenAI's words: {@code input_file_id}, {@code endpoint} (only
 * {@value #CHAT_COMPLETIONS} and {@value #EMBEDDINGS} are run by the pool), {@code completion_window} (a duration
 * within the configured bounds; OpenAI's is {@code 24h}) and {@code metadata} (at most 16 string pairs, keys up to
 * 64 characters, values up to 512). Pure.
 */
public record BatchCreateRequest(String inputFileId, String endpoint, String windowText, Duration window,
                                 Map<String, String> metadata) {

    public static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    public static final String EMBEDDINGS = "/v1/embeddings";

    public static BatchCreateRequest parse(JsonNode body, Duration minWindow, Duration maxWindow) {
        String inputFileId = text(body, "input_file_id");
        String endpoint = text(body, "endpoint");
        if (!CHAT_COMPLETIONS.equals(endpoint) && !EMBEDDINGS.equals(endpoint)) {
            throw ApiException.invalidValue("endpoint", "'" + endpoint + "' is not supported; the pool runs "
                    + "batches of '" + CHAT_COMPLETIONS + "' and '" + EMBEDDINGS + "'.");
        }
        String windowText = text(body, "completion_window");
        Duration window;
        try {
            window = CompletionWindow.parse(windowText, minWindow, maxWindow);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidValue("completion_window", e.getMessage() + ".");
        }
        return new BatchCreateRequest(inputFileId, endpoint, windowText, window, metadata(body.get("metadata")));
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.missingParameter(field);
        }
        if (!node.isString()) {
            throw ApiException.invalidType(field, "a string", node.getNodeType().name().toLowerCase());
        }
        if (node.asString().isBlank()) {
            throw ApiException.invalidValue(field, "it must not be empty.");
        }
        return node.asString();
    }

    private static Map<String, String> metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.invalidType("metadata", "an object", node.getNodeType().name().toLowerCase());
        }
        if (node.size() > 16) {
            throw ApiException.invalidValue("metadata", "at most 16 pairs are allowed.");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (entry.getKey().length() > 64) {
                throw ApiException.invalidValue("metadata", "keys are at most 64 characters.");
            }
            if (!entry.getValue().isString() || entry.getValue().asString().length() > 512) {
                throw ApiException.invalidValue("metadata", "values are strings of at most 512 characters.");
            }
            metadata.put(entry.getKey(), entry.getValue().asString());
        }
        return metadata;
    }
}
