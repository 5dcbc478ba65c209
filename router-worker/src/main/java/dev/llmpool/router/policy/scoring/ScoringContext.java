package dev.llmpool.router.policy.scoring;

import tools.jackson.databind.JsonNode;

/**
 * What scorers need to know about the request and the tier.
 *
 * @param jsonRequested the request asked for JSON output
 * @param jsonSchema    the schema the answer must satisfy, or null
 */
public record ScoringContext(boolean jsonRequested, JsonNode jsonSchema, Acceptance acceptance) {
}
