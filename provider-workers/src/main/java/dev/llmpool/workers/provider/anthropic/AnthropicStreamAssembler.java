package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.StreamAssembler;
import dev.llmpool.schemas.anthropic.ContentBlock;
import dev.llmpool.schemas.anthropic.MessageResponse;
import dev.llmpool.schemas.anthropic.MessageStreamEvent;
import dev.llmpool.schemas.anthropic.StopDetails;
import dev.llmpool.schemas.anthropic.StreamDelta;
import dev.llmpool.schemas.anthropic.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one Anthropic event stream into OpenAI-style {@link DeltaPart}s as the events arrive, and rebuilds the whole
 * message the non-streamed endpoint would have answered, so that {@link AnthropicMapper#toCompletion} maps both alike.
 * Pure (no I/O, no logging); one assembler per stream, not thread-safe.
 *
 * <p>{@code message_start} yields the role; a {@code tool_use} block start yields a tool-call fragment with its index
 * (tool calls are numbered in order of appearance), id and name; {@code text_delta} yields content and
 * {@code input_json_delta} argument fragments; {@code message_delta} yields the finish reason, with the refusal text
 * when the model refused without writing any. Thinking blocks, {@code ping} and event types this class does not know
 * yield nothing.
 */
public final class AnthropicStreamAssembler
        implements StreamAssembler<MessageStreamEvent, MessageResponse> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String id;
    private String model;
    private Usage usage;
    private final Map<Integer, Block> blocks = new TreeMap<>();
    private int toolCalls;
    private boolean streamedText;
    private String stopReason;
    private String stopSequence;
    private StopDetails stopDetails;

    /** The delta parts one event carries, in order; none for most events. */
    @Override
    public List<DeltaPart> accept(MessageStreamEvent event) {
        String type = event.type() == null ? "" : event.type();
        return switch (type) {
            case "message_start" -> messageStart(event.message());
            case "content_block_start" -> blockStart(index(event), event.contentBlock());
            case "content_block_delta" -> blockDelta(index(event), event.delta());
            case "content_block_stop" -> blockStop(index(event));
            case "message_delta" -> messageDelta(event.delta(), event.usage());
            default -> List.of();
        };
    }

    /** True once a stop reason arrived: the answer is complete even if {@code message_stop} never comes. */
    public boolean finished() {
        return stopReason != null;
    }

    /** The message assembled so far, in the shape of a non-streamed answer. */
    @Override
    public MessageResponse result() {
        List<ContentBlock> content = new ArrayList<>(blocks.size());
        for (Block block : blocks.values()) {
            content.add(block.build());
        }
        return new MessageResponse(id, "message", "assistant", model, content, stopReason, stopSequence, stopDetails,
                usage);
    }

    private List<DeltaPart> messageStart(MessageResponse message) {
        if (message != null) {
            id = message.id();
            model = message.model();
            usage = merge(usage, message.usage());
        }
        return List.of(part(new ChatCompletionChunk.Delta("assistant", null, null, null), null));
    }

    private List<DeltaPart> blockStart(int index, ContentBlock start) {
        if (start == null) {
            return List.of();
        }
        Block block = new Block(start);
        blocks.put(index, block);
        if ("tool_use".equals(start.type())) {
            block.toolIndex = toolCalls++;
            return List.of(tool(new ToolCall(block.toolIndex, start.id(), "function",
                    new ToolCall.FunctionCall(start.name(), ""))));
        }
        if ("text".equals(start.type()) && start.text() != null && !start.text().isEmpty()) {
            block.text.append(start.text());
            streamedText = true;
            return List.of(text(start.text()));
        }
        return List.of();
    }

    private List<DeltaPart> blockDelta(int index, StreamDelta delta) {
        Block block = blocks.get(index);
        if (block == null || delta == null || delta.type() == null) {
            return List.of();
        }
        switch (delta.type()) {
            case "text_delta" -> {
                if (delta.text() == null || delta.text().isEmpty()) {
                    return List.of();
                }
                block.text.append(delta.text());
                streamedText = true;
                return List.of(text(delta.text()));
            }
            case "input_json_delta" -> {
                if (delta.partialJson() == null || delta.partialJson().isEmpty()) {
                    return List.of();
                }
                block.json.append(delta.partialJson());
                return List.of(tool(new ToolCall(block.toolIndex, null, null,
                        new ToolCall.FunctionCall(null, delta.partialJson()))));
            }
            default -> {
                return List.of();
            }
        }
    }

    /** A tool call whose input came whole in its start event (no input deltas) sends that input now. */
    private List<DeltaPart> blockStop(int index) {
        Block block = blocks.get(index);
        if (block == null || !"tool_use".equals(block.start.type()) || !block.json.isEmpty()) {
            return List.of();
        }
        JsonNode input = block.start.input();
        String arguments = input == null || input.isNull() ? "{}" : input.toString();
        block.json.append(arguments);
        return List.of(tool(new ToolCall(block.toolIndex, null, null, new ToolCall.FunctionCall(null, arguments))));
    }

    private List<DeltaPart> messageDelta(StreamDelta delta, Usage deltaUsage) {
        usage = merge(usage, deltaUsage);
        if (delta == null || delta.stopReason() == null) {
            return List.of();
        }
        stopReason = delta.stopReason();
        stopSequence = delta.stopSequence();
        stopDetails = delta.stopDetails();
        String refusal = "refusal".equals(stopReason) && !streamedText
                ? AnthropicMapper.refusal(null, stopDetails) : null;
        return List.of(new DeltaPart(0, new ChatCompletionChunk.Delta(null, null, null, refusal), null,
                AnthropicMapper.finishReason(stopReason)));
    }

    /** Counts in {@code message_delta} are cumulative: a later count replaces an earlier one. */
    private static Usage merge(Usage before, Usage after) {
        if (after == null) {
            return before;
        }
        if (before == null) {
            return after;
        }
        return new Usage(pick(after.inputTokens(), before.inputTokens()),
                pick(after.outputTokens(), before.outputTokens()),
                pick(after.cacheCreationInputTokens(), before.cacheCreationInputTokens()),
                pick(after.cacheReadInputTokens(), before.cacheReadInputTokens()));
    }

    private static Integer pick(Integer later, Integer earlier) {
        return later != null ? later : earlier;
    }

    private static int index(MessageStreamEvent event) {
        return event.index() == null ? 0 : event.index();
    }

    private static DeltaPart text(String text) {
        return part(new ChatCompletionChunk.Delta(null, text, null, null), null);
    }

    private static DeltaPart tool(ToolCall fragment) {
        return part(new ChatCompletionChunk.Delta(null, null, List.of(fragment), null), null);
    }

    private static DeltaPart part(ChatCompletionChunk.Delta delta, String finishReason) {
        return new DeltaPart(0, delta, null, finishReason);
    }

    /** One content block being assembled. */
    private static final class Block {

        private final ContentBlock start;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder json = new StringBuilder();
        private int toolIndex;

        Block(ContentBlock start) {
            this.start = start;
        }

        ContentBlock build() {
            if ("text".equals(start.type())) {
                return ContentBlock.text(text.toString());
            }
            if ("tool_use".equals(start.type())) {
                return ContentBlock.toolUse(start.id(), start.name(), input());
            }
            return start;
        }

        private JsonNode input() {
            if (json.isEmpty()) {
                return start.input();
            }
            try {
                return JSON.readTree(json.toString());
            } catch (JacksonException e) {
                throw new ProviderException(new AttemptError(ErrorClass.TRANSIENT, "the streamed input of tool call '"
                        + start.name() + "' is not JSON", null, null, "invalid_stream_frame"));
            }
        }
    }
}
