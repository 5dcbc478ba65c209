package dev.llmpool.workers.provider.gemini;

import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.StreamAssembler;
import dev.llmpool.workers.provider.gemini.wire.Candidate;
import dev.llmpool.workers.provider.gemini.wire.Content;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentResponse;
import dev.llmpool.workers.provider.gemini.wire.LogprobCandidate;
import dev.llmpool.workers.provider.gemini.wire.LogprobsResult;
import dev.llmpool.workers.provider.gemini.wire.Part;
import dev.llmpool.workers.provider.gemini.wire.PromptFeedback;
import dev.llmpool.workers.provider.gemini.wire.SafetyRating;
import dev.llmpool.workers.provider.gemini.wire.TopCandidates;
import dev.llmpool.workers.provider.gemini.wire.UsageMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Turns the chunks of one Gemini stream into OpenAI-style {@link DeltaPart}s as they arrive, and rebuilds the whole
 * response the non-streamed endpoint would have answered, so that {@link GeminiMapper#toCompletion} maps both alike.
 * Pure (no I/O, no logging); one assembler per stream, not thread-safe.
 *
 * <p>Per candidate: its first chunk yields the role; text parts (not thoughts) yield content; a function call (Gemini
 * sends each whole) yields one complete tool-call fragment, numbered per candidate; per-token log probabilities ride
 * on the piece they belong to; the last chunk's finish reason is mapped, with a refusal naming the block reason when a
 * blocked candidate wrote nothing. Usage is cumulative in every chunk: the last one counts.
 */
public final class GeminiStreamAssembler
        implements StreamAssembler<GenerateContentResponse, GenerateContentResponse> {

    private String responseId;
    private String modelVersion;
    private UsageMetadata usage;
    private PromptFeedback promptFeedback;
    private final Map<Integer, CandidateBuilder> candidates = new TreeMap<>();
    private boolean finished;

    /** The delta parts one chunk carries, one per candidate that brought something. */
    @Override
    public List<DeltaPart> accept(GenerateContentResponse chunk) {
        responseId = chunk.responseId() != null ? chunk.responseId() : responseId;
        modelVersion = chunk.modelVersion() != null ? chunk.modelVersion() : modelVersion;
        usage = chunk.usageMetadata() != null ? chunk.usageMetadata() : usage;
        List<DeltaPart> parts = new ArrayList<>();
        if (chunk.promptFeedback() != null && chunk.promptFeedback().blockReason() != null
                && (chunk.candidates() == null || chunk.candidates().isEmpty())) {
            promptFeedback = chunk.promptFeedback();
            finished = true;
            parts.add(new DeltaPart(0, new ChatCompletionChunk.Delta("assistant", null, null,
                    "Gemini blocked the prompt (" + promptFeedback.blockReason() + ")."), null, "content_filter"));
            return parts;
        }
        List<Candidate> chunkCandidates = chunk.candidates() == null ? List.of() : chunk.candidates();
        for (int i = 0; i < chunkCandidates.size(); i++) {
            Candidate candidate = chunkCandidates.get(i);
            int index = candidate.index() == null ? i : candidate.index();
            boolean first = !candidates.containsKey(index);
            CandidateBuilder builder = candidates.computeIfAbsent(index, CandidateBuilder::new);
            DeltaPart part = builder.add(candidate, responseId, first);
            if (part != null) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** True once some candidate finished (or the prompt was blocked): the stream may close without a marker. */
    public boolean finished() {
        return finished;
    }

    /** The response assembled so far, in the shape of a non-streamed answer. */
    @Override
    public GenerateContentResponse result() {
        List<Candidate> built = new ArrayList<>(candidates.size());
        candidates.values().forEach(builder -> built.add(builder.build()));
        return new GenerateContentResponse(built, built.isEmpty() ? promptFeedback : null, usage, modelVersion,
                responseId);
    }

    /** One candidate being assembled. */
    private final class CandidateBuilder {

        private final int index;
        private final List<Part> parts = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private int calls;
        private String finishReason;
        private String finishMessage;
        private List<SafetyRating> safetyRatings;
        private Double avgLogprobs;
        private List<TopCandidates> topCandidates;
        private List<LogprobCandidate> chosenCandidates;

        CandidateBuilder(int index) {
            this.index = index;
        }

        DeltaPart add(Candidate candidate, String id, boolean first) {
            StringBuilder content = new StringBuilder();
            List<ToolCall> fragments = new ArrayList<>();
            List<Part> chunkParts = candidate.content() == null || candidate.content().parts() == null ? List.of()
                    : candidate.content().parts();
            for (Part part : chunkParts) {
                if (part.functionCall() != null) {
                    flushText();
                    fragments.add(GeminiMapper.toolCall(id, index, calls, part, calls));
                    calls++;
                    parts.add(part);
                } else if (part.text() != null && !Boolean.TRUE.equals(part.thought())) {
                    content.append(part.text());
                    text.append(part.text());
                }
            }
            if (candidate.safetyRatings() != null) {
                safetyRatings = candidate.safetyRatings();
            }
            if (candidate.finishMessage() != null) {
                finishMessage = candidate.finishMessage();
            }
            if (candidate.avgLogprobs() != null) {
                avgLogprobs = candidate.avgLogprobs();
            }
            LogprobsResult logprobs = candidate.logprobsResult();
            if (logprobs != null) {
                topCandidates = concat(topCandidates, logprobs.topCandidates());
                chosenCandidates = concat(chosenCandidates, logprobs.chosenCandidates());
            }
            String finish = null;
            String refusal = null;
            if (candidate.finishReason() != null && !candidate.finishReason().isEmpty()) {
                finishReason = candidate.finishReason();
                finished = true;
                finish = GeminiMapper.finishReason(finishReason, calls > 0);
                if ("content_filter".equals(finish) && text.isEmpty() && calls == 0) {
                    refusal = GeminiMapper.blockedRefusal(build());
                }
            }
            JsonNode pieceLogprobs = logprobs == null ? null : GeminiMapper.logprobs(logprobs,
                    finish != null ? avgLogprobs : null);
            boolean carries = first || !content.isEmpty() || !fragments.isEmpty() || finish != null
                    || pieceLogprobs != null;
            if (!carries) {
                return null;
            }
            ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta(first ? "assistant" : null,
                    content.isEmpty() ? null : content.toString(), fragments.isEmpty() ? null : fragments, refusal);
            return new DeltaPart(index, delta, pieceLogprobs, finish);
        }

        /** Text gathered since the last function call becomes one text part, keeping the order of parts. */
        private void flushText() {
            int written = parts.stream().filter(p -> p.text() != null).mapToInt(p -> p.text().length()).sum();
            if (text.length() > written) {
                parts.add(Part.text(text.substring(written)));
            }
        }

        Candidate build() {
            flushText();
            LogprobsResult logprobs = chosenCandidates == null ? null
                    : new LogprobsResult(topCandidates, chosenCandidates);
            return new Candidate(new Content(GeminiMapper.MODEL, List.copyOf(parts)), finishReason, finishMessage,
                    safetyRatings, avgLogprobs, logprobs, index);
        }

        private static <T> List<T> concat(List<T> before, List<T> more) {
            if (more == null) {
                return before;
            }
            List<T> joined = before == null ? new ArrayList<>() : new ArrayList<>(before);
            joined.addAll(more);
            return joined;
        }
    }
}
