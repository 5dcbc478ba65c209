package dev.llmpool.workers.provider.openai;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.StreamOptions;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.workers.provider.DeltaPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Pure conversions between the pool's envelopes and the OpenAI wire records. No I/O, no logging. */
public final class OpenAiMapper {

    private OpenAiMapper() {
    }

    /**
     * The body sent upstream: the client's body with {@code model} set to the provider's model name. Streaming
     * always asks for usage ({@code stream_options.include_usage}); a non-streamed call sends neither field
     * (OpenAI rejects {@code stream_options} without {@code stream: true}).
     */
    public static ChatCompletionRequest toUpstream(AttemptRequest request, boolean stream) {
        ChatCompletionRequest body = request.body().withModel(request.upstreamModel());
        return stream ? body.withStream(Boolean.TRUE, new StreamOptions(Boolean.TRUE)) : body.withStream(null, null);
    }

    /**
     * The delta parts one chunk carries: one per choice that brings a role, content, a tool-call fragment, a refusal,
     * logprobs or a finish reason. The usage chunk ({@code choices: []}) carries none.
     */
    public static List<DeltaPart> deltaParts(ChatCompletionChunk chunk) {
        if (chunk.choices() == null || chunk.choices().isEmpty()) {
            return List.of();
        }
        List<DeltaPart> parts = new ArrayList<>(chunk.choices().size());
        for (ChatCompletionChunk.ChunkChoice choice : chunk.choices()) {
            ChatCompletionChunk.Delta delta = choice.delta() == null
                    ? new ChatCompletionChunk.Delta(null, null, null, null) : choice.delta();
            boolean carries = delta.role() != null
                    || (delta.content() != null && !delta.content().isEmpty())
                    || (delta.toolCalls() != null && !delta.toolCalls().isEmpty())
                    || (delta.refusal() != null && !delta.refusal().isEmpty())
                    || choice.finishReason() != null
                    || hasLogprobs(choice.logprobs());
            if (carries) {
                parts.add(new DeltaPart(choice.index(), delta, hasLogprobs(choice.logprobs()) ? choice.logprobs() : null,
                        choice.finishReason()));
            }
        }
        return parts;
    }

    /**
     * The whole answer assembled from a stream's chunks, as the non-streamed endpoint would have answered: content
     * and refusal concatenated per choice, tool-call fragments merged by their index (id, type and name from the
     * first fragment that has them, arguments concatenated), logprobs content lists joined, the last finish reason,
     * and the usage chunk's usage.
     */
    public static ChatCompletion assemble(List<ChatCompletionChunk> chunks) {
        String id = null;
        String model = null;
        String fingerprint = null;
        long created = 0;
        Usage usage = null;
        Map<Integer, ChoiceBuilder> choices = new TreeMap<>();
        for (ChatCompletionChunk chunk : chunks) {
            id = id == null ? chunk.id() : id;
            model = model == null ? chunk.model() : model;
            fingerprint = fingerprint == null ? chunk.systemFingerprint() : fingerprint;
            created = created == 0 ? chunk.created() : created;
            usage = chunk.usage() != null ? chunk.usage() : usage;
            if (chunk.choices() != null) {
                for (ChatCompletionChunk.ChunkChoice choice : chunk.choices()) {
                    choices.computeIfAbsent(choice.index(), ChoiceBuilder::new).add(choice);
                }
            }
        }
        List<ChatCompletion.Choice> built = new ArrayList<>(choices.size());
        choices.values().forEach(builder -> built.add(builder.build()));
        return new ChatCompletion(id, ChatCompletion.OBJECT, created, model, built, usage, fingerprint);
    }

    private static boolean hasLogprobs(JsonNode logprobs) {
        return logprobs != null && !logprobs.isNull() && !logprobs.isMissingNode();
    }

    /** One choice being assembled. */
    private static final class ChoiceBuilder {

        private final int index;
        private String role;
        private final StringBuilder content = new StringBuilder();
        private boolean sawContent;
        private final StringBuilder refusal = new StringBuilder();
        private boolean sawRefusal;
        private final Map<Integer, ToolCallBuilder> toolCalls = new TreeMap<>();
        private String finishReason;
        private ArrayNode logprobContent;
        private ArrayNode logprobRefusal;

        ChoiceBuilder(int index) {
            this.index = index;
        }

        void add(ChatCompletionChunk.ChunkChoice choice) {
            ChatCompletionChunk.Delta delta = choice.delta();
            if (delta != null) {
                role = role == null ? delta.role() : role;
                if (delta.content() != null) {
                    content.append(delta.content());
                    sawContent = true;
                }
                if (delta.refusal() != null) {
                    refusal.append(delta.refusal());
                    sawRefusal = true;
                }
                if (delta.toolCalls() != null) {
                    int position = 0;
                    for (ToolCall fragment : delta.toolCalls()) {
                        int key = fragment.index() != null ? fragment.index() : position;
                        toolCalls.computeIfAbsent(key, k -> new ToolCallBuilder()).add(fragment);
                        position++;
                    }
                }
            }
            if (choice.finishReason() != null) {
                finishReason = choice.finishReason();
            }
            if (hasLogprobs(choice.logprobs())) {
                logprobContent = appendAll(logprobContent, choice.logprobs().get("content"));
                logprobRefusal = appendAll(logprobRefusal, choice.logprobs().get("refusal"));
            }
        }

        private static ArrayNode appendAll(ArrayNode into, JsonNode items) {
            if (items == null || !items.isArray()) {
                return into;
            }
            ArrayNode target = into == null ? JsonNodeFactory.instance.arrayNode() : into;
            items.forEach(target::add);
            return target;
        }

        ChatCompletion.Choice build() {
            List<ToolCall> calls = toolCalls.values().stream().map(ToolCallBuilder::build).toList();
            String text = sawContent || (calls.isEmpty() && !sawRefusal) ? content.toString() : null;
            ChatMessage assistant = ChatMessage.assistant(text, calls, sawRefusal ? refusal.toString() : null);
            ChatMessage message = role == null || role.equals(assistant.role()) ? assistant
                    : new ChatMessage(role, assistant.content(), null, assistant.toolCalls(), null, assistant.refusal(),
                            null);
            JsonNode logprobs = null;
            if (logprobContent != null || logprobRefusal != null) {
                ObjectNode node = JsonNodeFactory.instance.objectNode();
                node.set("content", logprobContent == null ? JsonNodeFactory.instance.nullNode() : logprobContent);
                node.set("refusal", logprobRefusal == null ? JsonNodeFactory.instance.nullNode() : logprobRefusal);
                logprobs = node;
            }
            return new ChatCompletion.Choice(index, message, logprobs, finishReason);
        }
    }

    /** One tool call being assembled from its fragments. */
    private static final class ToolCallBuilder {

        private String id;
        private String type;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        void add(ToolCall fragment) {
            id = id == null ? fragment.id() : id;
            type = type == null ? fragment.type() : type;
            if (fragment.function() != null) {
                name = name == null ? fragment.function().name() : name;
                if (fragment.function().arguments() != null) {
                    arguments.append(fragment.function().arguments());
                }
            }
        }

        ToolCall build() {
            return new ToolCall(null, id, type == null ? "function" : type,
                    new ToolCall.FunctionCall(name, arguments.toString()));
        }
    }
}
