package dev.llmpool.gateway.responses;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.ToolCall;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chat completion as a response's output, the one reading used for plain answers, streams (their
 * {@code response.completed}) and job results: the first choice's text (or refusal) as a {@code message} item, its
 * tool calls as {@code function_call} items; a completion cut by its cap is {@code incomplete}
 * ({@code max_output_tokens}), one filtered {@code incomplete} ({@code content_filter}). Item ids derive from the
 * response's id and the call ids, so a stream's events and its final response agree. Pure.
 */
public final class ResponsesMapper {

    private final JsonCodec codec;

    public ResponsesMapper(JsonCodec codec) {
        this.codec = codec;
    }

    /** The id of the message item of response {@code responseId}. */
    public static String messageId(String responseId) {
        return "msg_" + (responseId.startsWith("resp_") ? responseId.substring("resp_".length()) : responseId);
    }

    /** The id of the function call item of tool call {@code callId}. */
    public static String functionCallId(String callId) {
        return "fc_" + callId;
    }

    /** {@code started} completed with {@code completion}, naming {@code model}. */
    public ResponseObject complete(ResponseObject started, ChatCompletion completion, String model) {
        ChatMessage message = completion == null ? null : completion.firstMessage();
        String finish = completion == null ? null : completion.firstFinishReason();
        List<OutputItem> output = new ArrayList<>();
        List<ToolCall> calls = message == null || message.toolCalls() == null ? List.of() : message.toolCalls();
        String text = message == null ? "" : message.text();
        boolean refused = message != null && message.refusal() != null && !message.refusal().isBlank();
        if (refused) {
            output.add(OutputItem.message(messageId(started.id()), "completed",
                    List.of(OutputContent.refusal(message.refusal()))));
        } else if (!text.isEmpty() || calls.isEmpty()) {
            output.add(OutputItem.message(messageId(started.id()), "completed", List.of(OutputContent.text(text))));
        }
        for (ToolCall call : calls) {
            output.add(OutputItem.functionCall(functionCallId(call.id()), "completed", call.id(),
                    call.function() == null ? null : call.function().name(),
                    call.function() == null || call.function().arguments() == null ? "{}"
                            : call.function().arguments()));
        }
        String status = "completed";
        JsonNode incomplete = null;
        if ("length".equals(finish) || "content_filter".equals(finish) && !refused) {
            status = "incomplete";
            ObjectNode details = codec.mapper().createObjectNode();
            details.put("reason", "length".equals(finish) ? "max_output_tokens" : "content_filter");
            incomplete = details;
        }
        return started.with(status, output, ResponseUsage.of(completion == null ? null : completion.usage()), null,
                incomplete).withModel(model);
    }

    /** The answer as the chat message the conversation continues from ({@code previous_response_id}). */
    public ObjectNode assistantMessage(ChatCompletion completion) {
        ChatMessage message = completion == null ? null : completion.firstMessage();
        ObjectNode assistant = codec.mapper().createObjectNode();
        assistant.put("role", "assistant");
        if (message == null) {
            assistant.put("content", "");
            return assistant;
        }
        boolean calls = message.toolCalls() != null && !message.toolCalls().isEmpty();
        if (calls && message.text().isEmpty()) {
            assistant.putNull("content");
        } else {
            assistant.put("content", message.text());
        }
        if (message.refusal() != null) {
            assistant.put("refusal", message.refusal());
        }
        if (calls) {
            ArrayNode toolCalls = assistant.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                toolCalls.add(codec.tree(new ToolCall(null, call.id(), "function", call.function())));
            }
        }
        return assistant;
    }
}
