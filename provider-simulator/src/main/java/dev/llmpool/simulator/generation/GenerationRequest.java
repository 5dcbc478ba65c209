package dev.llmpool.simulator.generation;

import java.util.List;
import java.util.Objects;

/**
 * What to generate, independent of any wire format.
 *
 * @param model       the requested model name (part of the seed); directives {@code [sim:only=...]} another model
 *                    are dropped
 * @param prompt      the conversation with its directives
 * @param choices     how many alternative completions ({@code n})
 * @param maxTokens   cap on completion tokens per choice, {@code 0} = none
 * @param logprobs    whether to return log probabilities of content tokens
 * @param topLogprobs how many alternatives per token when {@code logprobs}
 * @param format      plain text or a JSON object
 * @param tool        answer with a call to this tool (from {@code tool_choice}); {@code null} = answer normally.
 *                    A {@code [sim:tool=...]} directive overrides it
 * @param stopSequences content is cut before the first of these that appears (empty = none)
 */
public record GenerationRequest(String model, Prompt prompt, int choices, int maxTokens, boolean logprobs,
        int topLogprobs, OutputFormat format, String tool, List<String> stopSequences) {

    public GenerationRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(format, "format");
        if (choices < 1) {
            throw new IllegalArgumentException("choices must be >= 1");
        }
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
        prompt = prompt.forModel(model);
    }

    /** A request without stop sequences. */
    public GenerationRequest(String model, Prompt prompt, int choices, int maxTokens, boolean logprobs,
            int topLogprobs, OutputFormat format, String tool) {
        this(model, prompt, choices, maxTokens, logprobs, topLogprobs, format, tool, List.of());
    }

    /** The tool to call, the directive's before {@code tool_choice}'s; {@code null} for none. */
    public String effectiveTool() {
        return prompt.directives().hasTool() ? prompt.directives().tool() : tool;
    }
}
