package dev.llmpool.gateway.anthropic;

import dev.llmpool.schemas.anthropic.ContentBlock;
import dev.llmpool.schemas.anthropic.MessageResponse;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.translate.AnthropicTerms;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A chat completion as an Anthropic message ({@code type: "message"}), the inverse of the workers' Anthropic mapper
 * with the same {@link AnthropicTerms}: the first choice's text as a text block, its tool calls as {@code tool_use}
 * blocks (arguments parsed back into the input object), a refusal as a text block with
 * {@code stop_reason: "refusal"}, the finish reason as the stop reason, the usage as input and output tokens. Pure.
 */
public final class MessagesMapper {

    private final JsonCodec codec;

    public MessagesMapper(JsonCodec codec) {
        this.codec = codec;
    }

    /** The message for {@code completion}, under {@code id}, naming {@code model}. */
    public MessageResponse toMessage(ChatCompletion completion, String id, String model) {
        ChatMessage message = completion == null ? null : completion.firstMessage();
        String finish = completion == null ? null : completion.firstFinishReason();
        List<ContentBlock> blocks = new ArrayList<>();
        if (message != null && message.refusal() != null && !message.refusal().isBlank()) {
            blocks.add(ContentBlock.text(message.refusal()));
            finish = "content_filter";
        } else if (message != null) {
            String text = message.text();
            if (!text.isEmpty()) {
                blocks.add(ContentBlock.text(text));
            }
            for (ToolCall call : message.toolCalls() == null ? List.<ToolCall>of() : message.toolCalls()) {
                blocks.add(toolUse(call));
            }
        }
        return new MessageResponse(id, "message", "assistant", model, blocks, AnthropicTerms.stopReason(finish), null,
                null, AnthropicTerms.anthropicUsage(completion == null ? null : completion.usage()));
    }

    /** A tool call as a {@code tool_use} block: its arguments as the input object ({@code {}} when unreadable). */
    ContentBlock toolUse(ToolCall call) {
        String name = call.function() == null ? null : call.function().name();
        String arguments = call.function() == null ? null : call.function().arguments();
        return ContentBlock.toolUse(call.id(), name, input(arguments));
    }

    JsonNode input(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode parsed = codec.readTree(arguments);
            return parsed != null && parsed.isObject() ? parsed : JsonNodeFactory.instance.objectNode();
        } catch (JacksonException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
