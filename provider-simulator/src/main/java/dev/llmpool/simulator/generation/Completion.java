package dev.llmpool.simulator.generation;

import java.util.List;

/**
 * One choice of a generation, as the pieces a stream would send one by one.
 *
 * @param index        the choice's index
 * @param kind         content, refusal or tool call
 * @param pieces       the tokens: content text, refusal text, or the tool call's JSON arguments
 * @param finishReason why it ended
 * @param toolCall     for {@link OutputKind#TOOL_CALL} the call's id and name, otherwise {@code null}
 * @param logprobs     one per piece when requested for content, otherwise {@code null}
 * @param stopSequence for {@link FinishReason#STOP_SEQUENCE} the sequence that matched, otherwise {@code null}
 */
public record Completion(int index, OutputKind kind, List<String> pieces, FinishReason finishReason,
        ToolCall toolCall, List<TokenLogprob> logprobs, String stopSequence) {

    public Completion {
        pieces = List.copyOf(pieces);
        logprobs = logprobs == null ? null : List.copyOf(logprobs);
    }

    /** A completion that did not stop at a stop sequence. */
    public Completion(int index, OutputKind kind, List<String> pieces, FinishReason finishReason, ToolCall toolCall,
            List<TokenLogprob> logprobs) {
        this(index, kind, pieces, finishReason, toolCall, logprobs, null);
    }

    /** All pieces joined. */
    public String text() {
        return String.join("", pieces);
    }

    /** Completion tokens this choice costs. */
    public int tokens() {
        return pieces.size();
    }
}
