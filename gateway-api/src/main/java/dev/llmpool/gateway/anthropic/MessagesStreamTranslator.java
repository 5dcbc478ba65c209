package dev.llmpool.gateway.anthropic;

import dev.llmpool.schemas.anthropic.ContentBlock;
import dev.llmpool.schemas.anthropic.MessageResponse;
import dev.llmpool.schemas.anthropic.MessageStreamEvent;
import dev.llmpool.schemas.anthropic.StreamDelta;
import dev.llmpool.schemas.anthropic.Usage;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionChunk.ChunkChoice;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.translate.AnthropicTerms;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns one stream's chat chunks (from {@code openai.ChunkTranslator}, with the usage chunk) into Anthropic's
 * events in Anthropic's order: {@code message_start} first (its input tokens the gateway's estimate), then per
 * block {@code content_block_start}, {@code content_block_delta} ({@code text_delta}, or {@code input_json_delta}
 * for a tool call's arguments) and {@code content_block_stop}, a block closed when the next opens; at the end
 * {@code message_delta} (stop reason, the real input and output tokens) and {@code message_stop}. A refusal's text
 * comes as a text block with stop reason {@code refusal}. {@link #ping()} keeps an idle stream open (after
 * {@code message_start}). Pure and stateful: one instance per client stream.
 */
public final class MessagesStreamTranslator {

    private final String id;
    private final String model;
    private final int estimatedInputTokens;
    private boolean started;
    private boolean finished;
    private int blocks;
    private String openBlock;
    private Integer openToolIndex;
    private String finishReason;

    /**
     * @param id                   the message's id
     * @param model                the name the client asked for, until the chunks name the model that answers
     * @param estimatedInputTokens {@code message_start}'s input tokens, before the provider counted them
     */
    public MessagesStreamTranslator(String id, String model, int estimatedInputTokens) {
        this.id = id;
        this.model = model;
        this.estimatedInputTokens = estimatedInputTokens;
    }

    /** The events for one chunk; the usage chunk ({@code choices: []}) ends the message. */
    public List<MessageStreamEvent> onChunk(ChatCompletionChunk chunk) {
        List<MessageStreamEvent> events = new ArrayList<>();
        if (finished) {
            return events;
        }
        start(events, chunk.model());
        for (ChunkChoice choice : chunk.choices() == null ? List.<ChunkChoice>of() : chunk.choices()) {
            if (choice.index() != 0) {
                continue;
            }
            ChatCompletionChunk.Delta delta = choice.delta();
            if (delta != null) {
                if (delta.refusal() != null && !delta.refusal().isEmpty()) {
                    text(events, delta.refusal());
                    finishReason = "content_filter";
                }
                if (delta.content() != null && !delta.content().isEmpty()) {
                    text(events, delta.content());
                }
                for (ToolCall call : delta.toolCalls() == null ? List.<ToolCall>of() : delta.toolCalls()) {
                    toolCall(events, call);
                }
            }
            if (choice.finishReason() != null && !"content_filter".equals(finishReason)) {
                finishReason = choice.finishReason();
            }
        }
        if (chunk.choices() != null && chunk.choices().isEmpty() && chunk.usage() != null) {
            closeBlock(events);
            events.add(new MessageStreamEvent("message_delta", null, null, null, new StreamDelta(null, null, null,
                    null, null, AnthropicTerms.stopReason(finishReason), null, null),
                    AnthropicTerms.anthropicUsage(chunk.usage())));
            events.add(new MessageStreamEvent("message_stop", null, null, null, null, null));
            finished = true;
        }
        return events;
    }

    /** A {@code ping} to keep an idle stream open, preceded by {@code message_start} when nothing went out yet. */
    public List<MessageStreamEvent> ping() {
        List<MessageStreamEvent> events = new ArrayList<>();
        start(events, null);
        events.add(new MessageStreamEvent("ping", null, null, null, null, null));
        return events;
    }

    /** True once the message ended ({@code message_stop} went out). */
    public boolean finished() {
        return finished;
    }

    private void start(List<MessageStreamEvent> events, String chunkModel) {
        if (started) {
            return;
        }
        started = true;
        events.add(new MessageStreamEvent("message_start", new MessageResponse(id, "message", "assistant",
                chunkModel != null ? chunkModel : model, List.of(), null, null, null,
                new Usage(estimatedInputTokens, 0, null, null)), null, null, null, null));
    }

    private void text(List<MessageStreamEvent> events, String text) {
        if (!"text".equals(openBlock)) {
            closeBlock(events);
            openBlock = "text";
            events.add(new MessageStreamEvent("content_block_start", null, blocks, ContentBlock.text(""), null, null));
        }
        events.add(new MessageStreamEvent("content_block_delta", null, blocks, null,
                new StreamDelta("text_delta", text, null, null, null, null, null, null), null));
    }

    private void toolCall(List<MessageStreamEvent> events, ToolCall call) {
        int index = call.index() == null ? 0 : call.index();
        boolean newCall = !"tool_use".equals(openBlock) || openToolIndex == null || openToolIndex != index;
        if (newCall) {
            closeBlock(events);
            openBlock = "tool_use";
            openToolIndex = index;
            String name = call.function() == null ? null : call.function().name();
            events.add(new MessageStreamEvent("content_block_start", null, blocks,
                    ContentBlock.toolUse(call.id(), name, JsonNodeFactory.instance.objectNode()), null, null));
        }
        String arguments = call.function() == null ? null : call.function().arguments();
        if (arguments != null && !arguments.isEmpty()) {
            events.add(new MessageStreamEvent("content_block_delta", null, blocks, null,
                    new StreamDelta("input_json_delta", null, arguments, null, null, null, null, null), null));
        }
    }

    private void closeBlock(List<MessageStreamEvent> events) {
        if (openBlock != null) {
            events.add(new MessageStreamEvent("content_block_stop", null, blocks, null, null, null));
            blocks++;
            openBlock = null;
            openToolIndex = null;
        }
    }
}
