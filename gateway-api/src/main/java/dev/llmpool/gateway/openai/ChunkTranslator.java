package dev.llmpool.gateway.openai;

import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionChunk.ChunkChoice;
import dev.llmpool.schemas.openai.ChatCompletionChunk.Delta;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one job's stream events into OpenAI {@code chat.completion.chunk}s for one client stream: same {@code id}
 * and {@code created} on every chunk, {@code role: assistant} on each choice's first chunk, deltas of one attempt
 * only (the first that streams), a closing {@code finish_reason} when the deltas carried none, and the usage chunk
 * ({@code choices: []}) when the client asked for it. When nothing streamed (tokens off, an answer from a cache),
 * the result's completion is replayed as chunks. Pure and stateful: one instance per client stream.
 */
public final class ChunkTranslator {

    private static final String ASSISTANT = "assistant";
    private static final Delta EMPTY = new Delta(null, null, null, null);

    private final String id;
    private final long created;
    private final String requestedModel;
    private final boolean includeUsage;
    private final Map<Integer, String> attemptModels = new HashMap<>();
    private final Set<Integer> started = new TreeSet<>();
    private final Set<Integer> finished = new HashSet<>();
    private Integer streamingAttempt;
    private String model;

    /**
     * @param id             the chunks' {@code id} (the job's correlation id)
     * @param created        the chunks' {@code created}, epoch seconds
     * @param requestedModel the catalog model asked for, used until an attempt names the model it runs
     * @param includeUsage   {@code stream_options.include_usage}
     */
    public ChunkTranslator(String id, long created, String requestedModel, boolean includeUsage) {
        this.id = id;
        this.created = created;
        this.requestedModel = requestedModel;
        this.includeUsage = includeUsage;
    }

    /** The chunks of a finished completion replayed as a stream (a cache hit), without a {@code [DONE]}. */
    public static List<ChatCompletionChunk> replay(ChatCompletion completion, String id, long created, String model,
                                                   boolean includeUsage) {
        return new ChunkTranslator(id, created, model, includeUsage).closing(completion, null, model);
    }

    /** The chunks for one event; empty for events a client does not see. {@code [DONE]} is the caller's. */
    public List<ChatCompletionChunk> onEvent(StreamEvent event) {
        return switch (event.type()) {
            case ATTEMPT_STARTED -> {
                if (event.attempt() != null && event.model() != null) {
                    attemptModels.put(event.attempt(), event.model());
                }
                yield List.of();
            }
            case DELTA -> delta(event);
            case COMPLETED -> completed(event);
            default -> List.of();
        };
    }

    /** True once a chunk of the answer went out (then a failure can only be reported in the stream). */
    public boolean streamed() {
        return streamingAttempt != null;
    }

    private List<ChatCompletionChunk> delta(StreamEvent event) {
        int attempt = event.attempt() == null ? 0 : event.attempt();
        if (streamingAttempt == null) {
            streamingAttempt = attempt;
            model = attemptModels.getOrDefault(attempt, requestedModel);
        } else if (streamingAttempt != attempt) {
            return List.of();
        }
        int index = event.index() == null ? 0 : event.index();
        Delta delta = event.delta() == null ? EMPTY : event.delta();
        if (started.add(index) && delta.role() == null) {
            delta = new Delta(ASSISTANT, delta.content(), delta.toolCalls(), delta.refusal());
        }
        if (event.finishReason() != null) {
            finished.add(index);
        }
        return List.of(chunk(model, List.of(new ChunkChoice(index, delta, event.logprobs(), event.finishReason())),
                null));
    }

    private List<ChatCompletionChunk> completed(StreamEvent event) {
        JobResult result = event.result();
        ChatCompletion completion = result == null ? null : result.response();
        String answeredBy = result != null && result.model() != null ? result.model()
                : completion != null && completion.model() != null ? completion.model() : requestedModel;
        return closing(completion, event.usage(), answeredBy);
    }

    private List<ChatCompletionChunk> closing(ChatCompletion completion, Usage eventUsage, String answeredBy) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        List<ChatCompletion.Choice> choices = completion == null || completion.choices() == null
                ? List.of() : completion.choices();
        if (!streamed()) {
            model = answeredBy;
            if (choices.isEmpty()) {
                chunks.add(chunk(model, List.of(new ChunkChoice(0, new Delta(ASSISTANT, "", null, null), null,
                        "stop")), null));
            }
            for (ChatCompletion.Choice choice : choices) {
                chunks.add(chunk(model, List.of(new ChunkChoice(choice.index(), wholeMessage(choice.message()),
                        choice.logprobs(), choice.finishReason() == null ? "stop" : choice.finishReason())), null));
            }
        } else {
            for (int index : started) {
                if (!finished.contains(index)) {
                    chunks.add(chunk(model, List.of(new ChunkChoice(index, EMPTY, null, finishReason(choices, index))),
                            null));
                }
            }
        }
        if (includeUsage) {
            Usage usage = completion != null && completion.usage() != null ? completion.usage() : eventUsage;
            chunks.add(chunk(model, List.of(), usage == null ? Usage.of(0, 0) : usage));
        }
        return chunks;
    }

    private static String finishReason(List<ChatCompletion.Choice> choices, int index) {
        return choices.stream().filter(c -> c.index() == index && c.finishReason() != null).findFirst()
                .map(ChatCompletion.Choice::finishReason).orElse("stop");
    }

    private static Delta wholeMessage(ChatMessage message) {
        if (message == null) {
            return new Delta(ASSISTANT, "", null, null);
        }
        String content = message.content() == null || message.content().isNull() ? null : message.text();
        List<ToolCall> toolCalls = null;
        if (message.toolCalls() != null && !message.toolCalls().isEmpty()) {
            toolCalls = new ArrayList<>();
            for (int i = 0; i < message.toolCalls().size(); i++) {
                ToolCall call = message.toolCalls().get(i);
                toolCalls.add(new ToolCall(call.index() == null ? i : call.index(), call.id(), call.type(),
                        call.function()));
            }
        }
        return new Delta(message.role() == null ? ASSISTANT : message.role(), content, toolCalls, message.refusal());
    }

    private ChatCompletionChunk chunk(String chunkModel, List<ChunkChoice> choices, Usage usage) {
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, chunkModel, null, choices, usage);
    }
}
