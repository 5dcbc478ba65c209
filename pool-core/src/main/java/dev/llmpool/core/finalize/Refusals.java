package dev.llmpool.core.finalize;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatMessage;
import java.util.Optional;

/**
 * A successful attempt whose answer is a refusal (every choice holds only a {@code refusal}, or was stopped by the
 * provider's content filter with nothing written) is handled as a {@code CONTENT_POLICY} failure, so another provider
 * may answer, but only while no token reached the client; when no other provider can take it, the refusal is the
 * answer. The router and a worker finalizing a job (see {@link CarriedDecision}) both judge refusals here. Pure.
 */
public final class Refusals {

    private Refusals() {
    }

    /** The outcome as a {@code CONTENT_POLICY} failure when it is an unstreamed refusal. */
    public static Optional<AttemptOutcome> asFailure(AttemptOutcome outcome) {
        if (!outcome.succeeded() || outcome.completion() == null || outcome.streamedChunks() > 0) {
            return Optional.empty();
        }
        String refusal = refusal(outcome.completion());
        if (refusal == null) {
            return Optional.empty();
        }
        AttemptError error = new AttemptError(ErrorClass.CONTENT_POLICY, "the model refused: " + refusal, null, null,
                "refusal");
        return Optional.of(outcome.with(failed -> failed.succeeded(false).completion(null).error(error)
                .streamedChunks(0)));
    }

    /** The refusal text when every choice refused, else null. */
    static String refusal(ChatCompletion completion) {
        if (completion.choices() == null || completion.choices().isEmpty()) {
            return null;
        }
        String first = null;
        for (ChatCompletion.Choice choice : completion.choices()) {
            ChatMessage message = choice.message();
            boolean wrote = message != null && (message.text() != null && !message.text().isBlank()
                    || message.toolCalls() != null && !message.toolCalls().isEmpty());
            boolean refused = message != null && message.refusal() != null && !message.refusal().isBlank();
            boolean filtered = "content_filter".equals(choice.finishReason());
            if (wrote || !(refused || filtered)) {
                return null;
            }
            if (first == null) {
                first = refused ? message.refusal() : "stopped by the provider's content filter";
            }
        }
        return first;
    }
}
