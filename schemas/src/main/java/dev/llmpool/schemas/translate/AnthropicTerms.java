package dev.llmpool.schemas.translate;

import dev.llmpool.schemas.anthropic.BlockSource;
import dev.llmpool.schemas.anthropic.ContentBlock;
import dev.llmpool.schemas.anthropic.ToolChoice;
import dev.llmpool.schemas.anthropic.ToolDefinition;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What OpenAI Chat Completions and Anthropic Messages call the same thing, both ways: stop reasons, usage, images
 * and PDF documents, function tools and the tool choice. The workers' Anthropic mapper reads OpenAI requests and
 * writes OpenAI answers with it; the gateway's Messages API does the inverse. Pure: no I/O, no logging; what one side
 * cannot say is an {@link Untranslatable}.
 */
public final class AnthropicTerms {

    /** The format's name in refusals. */
    public static final String ANTHROPIC = "Anthropic";

    /** The image types Anthropic takes. */
    public static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicTerms() {
    }

    // ---- stop reasons ----

    /**
     * Anthropic's stop reason in OpenAI's words; null stays null: {@code end_turn}/{@code stop_sequence} → stop,
     * {@code max_tokens}/{@code model_context_window_exceeded}/{@code pause_turn} → length, {@code tool_use} →
     * tool_calls, {@code refusal} → content_filter.
     */
    public static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded", "pause_turn" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /**
     * OpenAI's finish reason in Anthropic's words: length → {@code max_tokens}, tool_calls (and the legacy
     * function_call) → {@code tool_use}, content_filter → {@code refusal}, anything else → {@code end_turn}.
     */
    public static String stopReason(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    // ---- usage ----

    /** Anthropic usage in OpenAI's terms (prompt = input + cache creation + cache read); null when there is none. */
    public static Usage usage(dev.llmpool.schemas.anthropic.Usage usage) {
        if (usage == null) {
            return null;
        }
        int prompt = count(usage.inputTokens()) + count(usage.cacheCreationInputTokens())
                + count(usage.cacheReadInputTokens());
        return Usage.of(prompt, count(usage.outputTokens()));
    }

    /** OpenAI usage in Anthropic's terms (no cache counts: the pool's answer says none); none is zero. */
    public static dev.llmpool.schemas.anthropic.Usage anthropicUsage(Usage usage) {
        return usage == null ? new dev.llmpool.schemas.anthropic.Usage(0, 0, null, null)
                : new dev.llmpool.schemas.anthropic.Usage(usage.promptTokens(), usage.completionTokens(), null, null);
    }

    private static int count(Integer count) {
        return count == null ? 0 : count;
    }

    // ---- images and documents ----

    /** An OpenAI {@code image_url} ({@code data:} or http(s) URL) as an {@code image} block. */
    public static ContentBlock image(String url) {
        if (url.startsWith("data:")) {
            DataUrl data = DataUrl.parse(url);
            if (!IMAGE_TYPES.contains(data.mediaType())) {
                throw Untranslatable.unsupported(ANTHROPIC, "images of type " + data.mediaType()
                        + " (jpeg, png, gif and webp are)");
            }
            return ContentBlock.media("image", new BlockSource("base64", data.mediaType(), data.base64(), null));
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            return ContentBlock.media("image", new BlockSource("url", null, null, url));
        }
        throw Untranslatable.badRequest("image_url.url must be a data: or http(s) URL");
    }

    /** An OpenAI {@code file} part (a PDF as {@code file_data}) as a {@code document} block. */
    public static ContentBlock document(JsonNode file) {
        if (file.hasNonNull("file_id")) {
            throw Untranslatable.unsupported(ANTHROPIC, "file ids (send file_data)");
        }
        String data = file.path("file_data").asString("");
        if (!data.startsWith("data:")) {
            throw Untranslatable.badRequest("file.file_data must be a data: URL");
        }
        DataUrl parsed = DataUrl.parse(data);
        if (!"application/pdf".equals(parsed.mediaType())) {
            throw Untranslatable.unsupported(ANTHROPIC, "files of type " + parsed.mediaType() + " (PDF is)");
        }
        return ContentBlock.media("document", new BlockSource("base64", parsed.mediaType(), parsed.base64(), null));
    }

    /**
     * An {@code image} or {@code document} block as the OpenAI content part it came from: an {@code image_url}
     * ({@code data:} URL or the URL), a {@code file} with a PDF as {@code file_data}. Documents by URL, plain-text
     * and content documents have no OpenAI part.
     */
    public static ObjectNode contentPart(ContentBlock block) {
        BlockSource source = block.source();
        String sourceType = source == null || source.type() == null ? "" : source.type();
        ObjectNode part = NODES.objectNode();
        if ("image".equals(block.type())) {
            String url = switch (sourceType) {
                case "base64" -> {
                    if (source.mediaType() == null || !IMAGE_TYPES.contains(source.mediaType())) {
                        throw Untranslatable.badRequest("image.source.media_type must be one of " + IMAGE_TYPES);
                    }
                    yield new DataUrl(source.mediaType(), source.data() == null ? "" : source.data()).url();
                }
                case "url" -> source.url();
                default -> throw Untranslatable.unsupported("The pool", "image sources of type '" + sourceType
                        + "' (base64 and url are)");
            };
            part.put("type", "image_url");
            part.putObject("image_url").put("url", url);
            return part;
        }
        if ("document".equals(block.type()) && "base64".equals(sourceType)
                && "application/pdf".equals(source.mediaType())) {
            part.put("type", "file");
            part.putObject("file").put("file_data", new DataUrl(source.mediaType(),
                    source.data() == null ? "" : source.data()).url());
            return part;
        }
        throw Untranslatable.unsupported("The pool", block.type() + " blocks with a " + sourceType
                + " source (base64 PDF documents and images are)");
    }

    // ---- tools ----

    /** OpenAI function tools as Anthropic tool definitions; none (null or empty) is null. */
    public static List<ToolDefinition> tools(JsonNode tools) {
        if (tools == null || tools.isNull() || (tools.isArray() && tools.isEmpty())) {
            return null;
        }
        List<ToolDefinition> definitions = new ArrayList<>();
        for (JsonNode tool : tools) {
            String type = tool.path("type").asString("function");
            if (!type.equals("function")) {
                throw Untranslatable.unsupported(ANTHROPIC, "tools of type '" + type + "' (function tools are)");
            }
            JsonNode function = tool.path("function");
            String name = function.path("name").asString("");
            if (name.isEmpty()) {
                throw Untranslatable.badRequest("a function tool needs a name");
            }
            JsonNode parameters = function.get("parameters");
            JsonNode schema = parameters != null && parameters.isObject() ? parameters : emptyObjectSchema();
            JsonNode strict = function.get("strict");
            definitions.add(new ToolDefinition(null, name, function.path("description").asString(null), schema,
                    strict != null && strict.isBoolean() && strict.asBoolean() ? Boolean.TRUE : null));
        }
        return definitions;
    }

    /**
     * Anthropic client tools as OpenAI function tools; none is null. Server and versioned tools (a {@code type}
     * other than {@code custom}: web search, code execution, bash, ...) run at Anthropic and have no OpenAI form.
     */
    public static ArrayNode openAiTools(List<ToolDefinition> tools) {
        if (tools == null || tools.isEmpty()) {
            return null;
        }
        ArrayNode functions = NODES.arrayNode();
        for (ToolDefinition tool : tools) {
            if (tool.type() != null && !"custom".equals(tool.type())) {
                throw Untranslatable.unsupported("The pool", "Anthropic server tools ('" + tool.type()
                        + "'); define client tools with a name and an input_schema");
            }
            if (tool.name() == null || tool.name().isBlank()) {
                throw new Untranslatable(dev.llmpool.schemas.envelope.ErrorClass.BAD_REQUEST,
                        "tools: each tool needs a name", "tools");
            }
            ObjectNode function = NODES.objectNode();
            function.put("name", tool.name());
            if (tool.description() != null) {
                function.put("description", tool.description());
            }
            function.set("parameters", tool.inputSchema() != null && tool.inputSchema().isObject()
                    ? tool.inputSchema() : emptyObjectSchema());
            if (Boolean.TRUE.equals(tool.strict())) {
                function.put("strict", true);
            }
            ObjectNode wrapped = functions.addObject();
            wrapped.put("type", "function");
            wrapped.set("function", function);
        }
        return functions;
    }

    private static ObjectNode emptyObjectSchema() {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        schema.set("properties", NODES.objectNode());
        return schema;
    }

    /**
     * OpenAI's {@code tool_choice} (none/auto/required/named) and {@code parallel_tool_calls: false} as Anthropic's
     * tool choice (none/auto/any/tool, {@code disable_parallel_tool_use}); null when neither was given.
     */
    public static ToolChoice toolChoice(JsonNode choice, Object parallelToolCalls) {
        Boolean disableParallel = Boolean.FALSE.equals(parallelToolCalls) ? Boolean.TRUE : null;
        if (choice == null || choice.isNull()) {
            return disableParallel == null ? null : new ToolChoice("auto", null, disableParallel);
        }
        if (choice.isString()) {
            return switch (choice.asString()) {
                case "none" -> new ToolChoice("none", null, null);
                case "auto" -> new ToolChoice("auto", null, disableParallel);
                case "required" -> new ToolChoice("any", null, disableParallel);
                default -> throw Untranslatable.badRequest("tool_choice '" + choice.asString()
                        + "' is not none, auto or required");
            };
        }
        String type = choice.path("type").asString("");
        if (type.equals("function")) {
            String name = choice.path("function").path("name").asString("");
            if (name.isEmpty()) {
                throw Untranslatable.badRequest("tool_choice.function.name is required");
            }
            return new ToolChoice("tool", name, disableParallel);
        }
        throw Untranslatable.unsupported(ANTHROPIC, "tool_choice of type '" + type + "'");
    }

    /**
     * Anthropic's tool choice as OpenAI's: {@code tool_choice} and {@code parallel_tool_calls} (false when parallel
     * tool use is disabled, else null).
     */
    public static OpenAiToolChoice openAiToolChoice(ToolChoice choice) {
        if (choice == null) {
            return new OpenAiToolChoice(null, null);
        }
        Boolean parallel = Boolean.TRUE.equals(choice.disableParallelToolUse()) ? Boolean.FALSE : null;
        String type = choice.type() == null ? "auto" : choice.type();
        JsonNode openAi = switch (type) {
            case "none" -> NODES.stringNode("none");
            case "auto" -> NODES.stringNode("auto");
            case "any" -> NODES.stringNode("required");
            case "tool" -> {
                if (choice.name() == null || choice.name().isBlank()) {
                    throw new Untranslatable(dev.llmpool.schemas.envelope.ErrorClass.BAD_REQUEST,
                            "tool_choice.name: Field required", "tool_choice.name");
                }
                ObjectNode named = NODES.objectNode();
                named.put("type", "function");
                named.putObject("function").put("name", choice.name());
                yield named;
            }
            default -> throw new Untranslatable(dev.llmpool.schemas.envelope.ErrorClass.BAD_REQUEST,
                    "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'", "tool_choice.type");
        };
        return new OpenAiToolChoice(openAi, parallel);
    }

    /**
     * OpenAI's tool choice.
     *
     * @param toolChoice        {@code tool_choice}
     * @param parallelToolCalls {@code parallel_tool_calls}, or null to leave it out
     */
    public record OpenAiToolChoice(JsonNode toolChoice, Boolean parallelToolCalls) {
    }
}
