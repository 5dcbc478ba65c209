package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.schemas.anthropic.ContentBlock;
import dev.llmpool.schemas.anthropic.InputMessage;
import dev.llmpool.schemas.anthropic.MessageResponse;
import dev.llmpool.schemas.anthropic.MessagesRequest;
import dev.llmpool.schemas.anthropic.Metadata;
import dev.llmpool.schemas.anthropic.OutputConfig;
import dev.llmpool.schemas.anthropic.OutputFormat;
import dev.llmpool.schemas.anthropic.StopDetails;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.schemas.translate.AnthropicTerms;
import dev.llmpool.schemas.translate.Untranslatable;
import dev.llmpool.workers.provider.OpenAiRequestParts;
import dev.llmpool.workers.provider.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Pure conversions between the pool's OpenAI-shaped envelopes and Anthropic Messages, with the terms both directions
 * share ({@link AnthropicTerms}: stop reasons, usage, images and documents, tools, tool choice). No I/O, no logging.
 *
 * <p>Request: {@code system}/{@code developer} messages become the top-level {@code system} (joined in order, text
 * only); {@code user} content becomes text, image ({@code data:} or http(s) URL) and PDF document blocks; assistant
 * {@code tool_calls} become {@code tool_use} blocks and {@code tool} messages {@code tool_result} blocks of a user
 * turn; consecutive turns of one role are merged. {@code max_tokens} is the client's cap or the endpoint's default;
 * {@code stop} becomes {@code stop_sequences}; function tools become {@code tools[{name, description, input_schema,
 * strict}]}; {@code tool_choice} none/auto/required/named becomes none/auto/any/tool, and
 * {@code parallel_tool_calls: false} {@code disable_parallel_tool_use}; {@code response_format} json_schema becomes
 * {@code output_config.format}; {@code user} (or {@code safety_identifier}) becomes {@code metadata.user_id}.
 *
 * <p>What Anthropic cannot do is rejected as {@link ErrorClass#UNSUPPORTED} before any call, never dropped:
 * {@code n > 1}, {@code logprobs}, {@code top_logprobs}, {@code seed}, non-zero {@code presence_penalty} /
 * {@code frequency_penalty}, {@code logit_bias}, {@code temperature > 1}, {@code response_format: json_object} (no
 * schema-less JSON mode: use json_schema), {@code reasoning_effort}, {@code verbosity}, audio input and output,
 * {@code prediction}, {@code web_search_options}, legacy {@code functions}/{@code function_call} and the
 * {@code function} role, tools other than functions, {@code allowed_tools} choices, file ids and files other than PDF,
 * and any request field this mapper does not know. Fields with no effect on the answer are accepted and not sent:
 * {@code store}, {@code metadata}, {@code service_tier}, {@code prompt_cache_key}, {@code stream_options}, a message's
 * {@code name} and an image's {@code detail}.
 *
 * <p>Answer: text blocks are joined; {@code tool_use} blocks become tool calls (arguments = the input's JSON);
 * thinking blocks are not part of the answer. Stop reasons: {@code end_turn}/{@code stop_sequence} → stop,
 * {@code max_tokens}/{@code model_context_window_exceeded}/{@code pause_turn} → length, {@code tool_use} →
 * tool_calls, {@code refusal} → content_filter with the text (or the stop details' explanation) as
 * {@code message.refusal}. Usage: prompt = input + cache creation + cache read tokens.
 */
public final class AnthropicMapper {

    /** The provider's name in error messages. */
    private static final String PROVIDER = "Anthropic";

    /** The refusal text when Anthropic gave neither text nor an explanation. */
    static final String DEFAULT_REFUSAL = "The model declined to answer.";


    /** Request fields that change nothing in the answer: accepted, not sent. */
    private static final Set<String> IGNORED = Set.of("store", "metadata", "service_tier", "prompt_cache_key");

    /** Request fields Anthropic has no counterpart for, with the reason given to the client. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "reasoning_effort", "reasoning_effort (extended thinking is not mapped)",
            "verbosity", "verbosity",
            "audio", "audio output",
            "prediction", "predicted outputs (prediction)",
            "web_search_options", "web_search_options",
            "functions", "legacy functions (use tools)",
            "function_call", "legacy function_call (use tool_choice)");

    private AnthropicMapper() {
    }

    // ---- request ----

    /**
     * The Messages request for an attempt.
     *
     * @param defaultMaxTokens the cap sent when the client gave none ({@code max_tokens} is required)
     * @throws ProviderException {@code UNSUPPORTED} for what Anthropic cannot do, {@code BAD_REQUEST} for a
     *                           malformed message (a tool call whose arguments are not a JSON object)
     */
    public static MessagesRequest toRequest(AttemptRequest request, boolean stream, int defaultMaxTokens) {
        try {
            return translate(request, stream, defaultMaxTokens);
        } catch (Untranslatable e) {
            throw OpenAiRequestParts.translated(e);
        }
    }

    private static MessagesRequest translate(AttemptRequest request, boolean stream, int defaultMaxTokens) {
        ChatCompletionRequest body = request.body();
        checkSupported(body);
        List<String> system = new ArrayList<>();
        List<InputMessage> turns = new ArrayList<>();
        for (ChatMessage message : body.messages() == null ? List.<ChatMessage>of() : body.messages()) {
            String role = message.role() == null ? "" : message.role();
            switch (role) {
                case "system", "developer" -> {
                    String text = OpenAiRequestParts.textOnly(message.content(), role, PROVIDER);
                    if (!text.isEmpty()) {
                        system.add(text);
                    }
                }
                case "user" -> append(turns, "user", userBlocks(message.content()));
                case "assistant" -> append(turns, "assistant", assistantBlocks(message));
                case "tool" -> {
                    if (message.toolCallId() == null || message.toolCallId().isBlank()) {
                        throw badRequest("a tool message needs tool_call_id");
                    }
                    append(turns, "user", List.of(ContentBlock.toolResult(message.toolCallId(),
                            OpenAiRequestParts.textOnly(message.content(), "tool", PROVIDER))));
                }
                case "function" -> throw unsupported("the legacy function role (use tool messages)");
                default -> throw badRequest("unknown message role '" + role + "'");
            }
        }
        Integer cap = body.completionCap();
        String systemPrompt = system.isEmpty() ? null : String.join("\n\n", system);
        return new MessagesRequest(request.upstreamModel(), turns, systemPrompt,
                cap != null ? cap : defaultMaxTokens, body.temperature(), body.topP(), topK(body),
                OpenAiRequestParts.stopSequences(body.stop()), stream ? Boolean.TRUE : null, AnthropicTerms.tools(body.tools()),
                AnthropicTerms.toolChoice(body.toolChoice(), body.extra().get("parallel_tool_calls")),
                outputConfig(body.responseFormat()), metadata(body));
    }

    private static void checkSupported(ChatCompletionRequest body) {
        if (body.n() != null && body.n() > 1) {
            throw unsupported("n > 1 (one answer per call)");
        }
        if (Boolean.TRUE.equals(body.logprobs())) {
            throw unsupported("logprobs");
        }
        if (body.topLogprobs() != null && body.topLogprobs() > 0) {
            throw unsupported("top_logprobs");
        }
        if (body.seed() != null) {
            throw unsupported("seed");
        }
        if (body.presencePenalty() != null && body.presencePenalty() != 0) {
            throw unsupported("presence_penalty");
        }
        if (body.frequencyPenalty() != null && body.frequencyPenalty() != 0) {
            throw unsupported("frequency_penalty");
        }
        if (body.temperature() != null && body.temperature() > 1) {
            throw unsupported("temperature above 1 (Anthropic's range is 0 to 1)");
        }
        for (Map.Entry<String, Object> field : body.extra().entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            if (IGNORED.contains(name) || value == null) {
                continue;
            }
            switch (name) {
                case "parallel_tool_calls", "safety_identifier", "top_k" -> {
                    // mapped below
                }
                case "logit_bias" -> {
                    if (!(value instanceof Map<?, ?> map && map.isEmpty())) {
                        throw unsupported("logit_bias");
                    }
                }
                case "modalities" -> {
                    if (!(value instanceof List<?> list && list.stream().allMatch("text"::equals))) {
                        throw unsupported("output modalities other than text");
                    }
                }
                default -> throw unsupported(UNSUPPORTED.getOrDefault(name, "the request field '" + name + "'"));
            }
        }
    }

    private static void append(List<InputMessage> turns, String role, List<ContentBlock> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
            List<ContentBlock> merged = new ArrayList<>(turns.getLast().content());
            merged.addAll(blocks);
            turns.set(turns.size() - 1, new InputMessage(role, merged));
        } else {
            turns.add(new InputMessage(role, new ArrayList<>(blocks)));
        }
    }

    private static List<ContentBlock> userBlocks(JsonNode content) {
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isString()) {
            return content.asString().isEmpty() ? List.of() : List.of(ContentBlock.text(content.asString()));
        }
        if (!content.isArray()) {
            throw badRequest("message content must be a string or an array of parts");
        }
        List<ContentBlock> blocks = new ArrayList<>();
        for (JsonNode part : content) {
            String type = part.path("type").asString("");
            switch (type) {
                case "text" -> {
                    String text = part.path("text").asString("");
                    if (!text.isEmpty()) {
                        blocks.add(ContentBlock.text(text));
                    }
                }
                case "image_url" -> blocks.add(AnthropicTerms.image(part.path("image_url").path("url").asString("")));
                case "file" -> blocks.add(AnthropicTerms.document(part.path("file")));
                case "input_audio" -> throw unsupported("audio input");
                default -> throw unsupported("content parts of type '" + type + "'");
            }
        }
        return blocks;
    }

    private static List<ContentBlock> assistantBlocks(ChatMessage message) {
        List<ContentBlock> blocks = new ArrayList<>();
        String text = OpenAiRequestParts.assistantText(message.content(), PROVIDER);
        if (text.isEmpty() && message.refusal() != null) {
            text = message.refusal();
        }
        if (!text.isEmpty()) {
            blocks.add(ContentBlock.text(text));
        }
        if (message.toolCalls() != null) {
            for (ToolCall call : message.toolCalls()) {
                if (call.function() == null || call.function().name() == null || call.id() == null) {
                    throw badRequest("an assistant tool call needs an id and a function name");
                }
                blocks.add(ContentBlock.toolUse(call.id(), call.function().name(),
                        OpenAiRequestParts.arguments(call.function().arguments())));
            }
        }
        return blocks;
    }

    /** {@code top_k}, an extra field Anthropic takes as is. */
    private static Integer topK(ChatCompletionRequest body) {
        Object topK = body.extra().get("top_k");
        if (topK == null) {
            return null;
        }
        if (topK instanceof Number number) {
            return number.intValue();
        }
        throw badRequest("top_k must be a number");
    }

    private static OutputConfig outputConfig(JsonNode format) {
        if (format == null || format.isNull()) {
            return null;
        }
        String type = format.path("type").asString("text");
        return switch (type) {
            case "text" -> null;
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema == null || !schema.isObject()) {
                    throw badRequest("response_format.json_schema.schema is required");
                }
                yield new OutputConfig(new OutputFormat("json_schema", schema));
            }
            case "json_object" -> throw unsupported("response_format json_object (Anthropic has no JSON mode without"
                    + " a schema; send response_format json_schema)");
            default -> throw unsupported("response_format of type '" + type + "'");
        };
    }

    private static Metadata metadata(ChatCompletionRequest body) {
        Object safety = body.extra().get("safety_identifier");
        String user = body.user() != null ? body.user() : safety instanceof String s ? s : null;
        return user == null || user.isBlank() ? null : new Metadata(user);
    }

    // ---- answer ----

    /** The answer in OpenAI shape; {@code created} is the call's start in epoch seconds. */
    public static ChatCompletion toCompletion(MessageResponse message, long created) {
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        List<ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : message.content() == null ? List.<ContentBlock>of() : message.content()) {
            if ("text".equals(block.type()) && block.text() != null) {
                text.append(block.text());
                sawText = true;
            } else if ("tool_use".equals(block.type())) {
                String arguments = block.input() == null || block.input().isNull() ? "{}" : block.input().toString();
                calls.add(new ToolCall(null, block.id(), "function", new ToolCall.FunctionCall(block.name(),
                        arguments)));
            }
        }
        String finish = finishReason(message.stopReason());
        ChatMessage answer;
        if ("refusal".equals(message.stopReason())) {
            answer = ChatMessage.assistant(null, calls, refusal(text.toString(), message.stopDetails()));
        } else {
            answer = ChatMessage.assistant(sawText || calls.isEmpty() ? text.toString() : null, calls, null);
        }
        return new ChatCompletion(message.id(), ChatCompletion.OBJECT, created, message.model(),
                List.of(new ChatCompletion.Choice(0, answer, null, finish)), usage(message.usage()), null);
    }

    /** Anthropic's stop reason in OpenAI's words; null stays null ({@link AnthropicTerms#finishReason}). */
    public static String finishReason(String stopReason) {
        return AnthropicTerms.finishReason(stopReason);
    }

    /** The refusal text: what the model wrote, else the stop details' explanation, else a fixed sentence. */
    static String refusal(String text, StopDetails details) {
        if (text != null && !text.isBlank()) {
            return text;
        }
        if (details != null && details.explanation() != null && !details.explanation().isBlank()) {
            return details.explanation();
        }
        if (details != null && details.category() != null && !details.category().isBlank()) {
            return "The model declined to answer (" + details.category() + ").";
        }
        return DEFAULT_REFUSAL;
    }

    /** Anthropic usage in OpenAI's terms; null when Anthropic sent none ({@link AnthropicTerms#usage}). */
    static Usage usage(dev.llmpool.schemas.anthropic.Usage usage) {
        return AnthropicTerms.usage(usage);
    }

    static ProviderException unsupported(String what) {
        return OpenAiRequestParts.unsupported(PROVIDER, what);
    }

    static ProviderException badRequest(String message) {
        return OpenAiRequestParts.badRequest(message);
    }
}
