package dev.llmpool.schemas.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A tool: a client tool has a name, description and the JSON Schema of its input ({@code strict} asks for
 * schema-exact input) and no {@code type} (or {@code custom}); Anthropic's server and versioned tools name theirs
 * ({@code web_search_20250305}, {@code bash_20250124}, ...).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolDefinition(String type, String name, String description, JsonNode inputSchema, Boolean strict) {
}
