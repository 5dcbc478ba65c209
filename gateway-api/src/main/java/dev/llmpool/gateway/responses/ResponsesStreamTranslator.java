package dev.llmpool.gateway.responses;

import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionChunk.ChunkChoice;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one stream's chat chunks (from {@code openai.ChunkTranslator}, with the usage chunk) into the Responses
 * API's typed events: {@code response.created} and {@code response.in_progress} first; for text
 * {@code response.output_item.added} (a message), {@code response.content_part.added}, {@code response.output_text.delta}
 * per piece, then {@code response.output_text.done}, {@code response.content_part.done} and
 * {@code response.output_item.done}; for each tool call {@code response.output_item.added} (a function call),
 * {@code response.function_call_arguments.delta} per piece, {@code ...arguments.done} and
 * {@code response.output_item.done}; at the end {@code response.completed} with the whole response
 * ({@link ResponsesMapper}, as a plain answer has it). Every event has its {@code sequence_number}. Pure and stateful:
 * one instance per client stream.
 */
public final class ResponsesStreamTranslator {

    private final ResponseObject started;
    private final ResponsesMapper mapper;
    private final List<ResponseStreamEvent> pending = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, ToolCall> calls = new LinkedHashMap<>();
    private final Map<Integer, StringBuilder> arguments = new LinkedHashMap<>();
    private int sequence;
    private int outputs;
    private boolean begun;
    private boolean textOpen;
    private Integer openCall;
    private String refusal;
    private String finishReason;
    private String model;
    private ResponseObject completed;
    private ChatCompletion assembled;

    /** @param started the response as it starts ({@code in_progress}, no output) */
    public ResponsesStreamTranslator(ResponseObject started, ResponsesMapper mapper) {
        this.started = started;
        this.mapper = mapper;
        this.model = started.model();
    }

    /** The events for one chunk; the usage chunk ({@code choices: []}) completes the response. */
    public List<ResponseStreamEvent> onChunk(ChatCompletionChunk chunk) {
        start();
        if (completed != null) {
            return drain();
        }
        if (chunk.model() != null) {
            model = chunk.model();
        }
        for (ChunkChoice choice : chunk.choices() == null ? List.<ChunkChoice>of() : chunk.choices()) {
            if (choice.index() != 0) {
                continue;
            }
            ChatCompletionChunk.Delta delta = choice.delta();
            if (delta != null) {
                if (delta.refusal() != null) {
                    refusal = (refusal == null ? "" : refusal) + delta.refusal();
                }
                if (delta.content() != null && !delta.content().isEmpty()) {
                    text(delta.content());
                }
                for (ToolCall call : delta.toolCalls() == null ? List.<ToolCall>of() : delta.toolCalls()) {
                    toolCall(call);
                }
            }
            if (choice.finishReason() != null) {
                finishReason = choice.finishReason();
            }
        }
        if (chunk.choices() != null && chunk.choices().isEmpty() && chunk.usage() != null) {
            complete(chunk.usage());
        }
        return drain();
    }

    /** The events that open the stream (created, in progress), once; nothing after that. */
    public List<ResponseStreamEvent> begin() {
        start();
        return drain();
    }

    private void start() {
        if (!begun) {
            begun = true;
            emit(new ResponseStreamEvent("response.created", 0, started, null, null, null, null, null, null, null,
                    null, null, null, null, null, null));
            emit(new ResponseStreamEvent("response.in_progress", 0, started, null, null, null, null, null, null, null,
                    null, null, null, null, null, null));
        }
    }

    /** The answer the stream carried, as one chat completion, once it completed; else null. */
    public ChatCompletion assembled() {
        return assembled;
    }

    /** The whole response once {@code response.completed} went out, else null. */
    public ResponseObject completed() {
        return completed;
    }

    private void text(String piece) {
        closeCall();
        String itemId = ResponsesMapper.messageId(started.id());
        if (!textOpen) {
            textOpen = true;
            emit(event("response.output_item.added", outputs, null, null,
                    OutputItem.message(itemId, "in_progress", List.of()), null));
            emit(event("response.content_part.added", outputs, 0, itemId, null, OutputContent.text("")));
        }
        text.append(piece);
        emit(new ResponseStreamEvent("response.output_text.delta", 0, null, outputs, 0, itemId, null, null, piece,
                null, null, null, List.of(), null, null, null));
    }

    private void toolCall(ToolCall call) {
        int index = call.index() == null ? 0 : call.index();
        if (openCall == null || openCall != index) {
            closeText();
            closeCall();
            openCall = index;
            String name = call.function() == null ? null : call.function().name();
            calls.put(index, new ToolCall(null, call.id(), "function", new ToolCall.FunctionCall(name, null)));
            arguments.put(index, new StringBuilder());
            emit(event("response.output_item.added", outputs, null, null, OutputItem.functionCall(
                    ResponsesMapper.functionCallId(call.id()), "in_progress", call.id(), name, ""), null));
        }
        String piece = call.function() == null ? null : call.function().arguments();
        if (piece != null && !piece.isEmpty()) {
            arguments.get(index).append(piece);
            emit(new ResponseStreamEvent("response.function_call_arguments.delta", 0, null, outputs, null,
                    ResponsesMapper.functionCallId(calls.get(index).id()), null, null, piece, null, null, null, null,
                    null, null, null));
        }
    }

    private void closeText() {
        if (!textOpen) {
            return;
        }
        textOpen = false;
        String itemId = ResponsesMapper.messageId(started.id());
        emit(new ResponseStreamEvent("response.output_text.done", 0, null, outputs, 0, itemId, null, null, null,
                text.toString(), null, null, List.of(), null, null, null));
        emit(event("response.content_part.done", outputs, 0, itemId, null, OutputContent.text(text.toString())));
        emit(event("response.output_item.done", outputs, null, null, OutputItem.message(itemId, "completed",
                List.of(OutputContent.text(text.toString()))), null));
        outputs++;
    }

    private void closeCall() {
        if (openCall == null) {
            return;
        }
        ToolCall call = calls.get(openCall);
        String whole = arguments.get(openCall).toString();
        String itemId = ResponsesMapper.functionCallId(call.id());
        String name = call.function().name();
        emit(new ResponseStreamEvent("response.function_call_arguments.done", 0, null, outputs, null, itemId, null,
                null, null, null, whole, name, null, null, null, null));
        emit(event("response.output_item.done", outputs, null, null, OutputItem.functionCall(itemId, "completed",
                call.id(), name, whole), null));
        outputs++;
        openCall = null;
    }

    private void complete(Usage usage) {
        closeText();
        closeCall();
        List<ToolCall> whole = new ArrayList<>();
        for (Map.Entry<Integer, ToolCall> call : calls.entrySet()) {
            whole.add(new ToolCall(null, call.getValue().id(), "function", new ToolCall.FunctionCall(
                    call.getValue().function().name(), arguments.get(call.getKey()).toString())));
        }
        ChatCompletion completion = new ChatCompletion(started.id(), ChatCompletion.OBJECT, started.createdAt(),
                model, List.of(new ChatCompletion.Choice(0, ChatMessage.assistant(text.isEmpty() ? null
                        : text.toString(), whole, refusal), null, finishReason)), usage, null);
        assembled = completion;
        completed = mapper.complete(started, completion, model);
        emit(new ResponseStreamEvent("response.completed", 0, completed, null, null, null, null, null, null, null,
                null, null, null, null, null, null));
    }

    private static ResponseStreamEvent event(String type, int outputIndex, Integer contentIndex, String itemId,
                                             OutputItem item, OutputContent part) {
        return new ResponseStreamEvent(type, 0, null, outputIndex, contentIndex, itemId, item, part, null, null,
                null, null, null, null, null, null);
    }

    private void emit(ResponseStreamEvent event) {
        pending.add(new ResponseStreamEvent(event.type(), sequence++, event.response(), event.outputIndex(),
                event.contentIndex(), event.itemId(), event.item(), event.part(), event.delta(), event.text(),
                event.arguments(), event.name(), event.logprobs(), event.code(), event.message(), event.param()));
    }

    private List<ResponseStreamEvent> drain() {
        List<ResponseStreamEvent> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** An {@code error} event: the stream failed after it began. */
    public ResponseStreamEvent error(String code, String message) {
        return new ResponseStreamEvent("error", sequence++, null, null, null, null, null, null, null, null, null,
                null, null, code, message, null);
    }
}
