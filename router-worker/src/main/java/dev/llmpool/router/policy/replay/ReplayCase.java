package dev.llmpool.router.policy.replay;

import dev.llmpool.router.policy.features.RequestContext;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.util.Map;

/**
 * One line of the outcomes file: a request and what each catalog model answered to it.
 *
 * @param outcomes by catalog model id
 * @param line     the line in the input file
 */
public record ReplayCase(String id, ChatCompletionRequest request, RequestContext context,
                         Map<String, RecordedOutcome> outcomes, int line) {

    public ReplayCase {
        outcomes = Map.copyOf(outcomes);
    }
}
