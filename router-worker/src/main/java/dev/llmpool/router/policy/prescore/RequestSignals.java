package dev.llmpool.router.policy.prescore;

import dev.llmpool.router.policy.features.Features;
import java.util.List;

/**
 * The request features the pre-generation router reads besides the prompt's n-grams, each scaled to about [0,1]
 * (counts as log(1 + n) / 10). The names are written into the model file, which is refused when they differ.
 */
public final class RequestSignals {

    public static final List<String> NAMES = List.of("log_prompt_tokens", "log_max_tokens", "has_code",
            "code_share", "log_code_blocks", "script_share", "log_turns", "log_messages", "tools_requested",
            "json_requested", "log_samples");

    private RequestSignals() {
    }

    public static double[] values(Features f) {
        return new double[] {
            log(f.promptTokens()), log(f.maxTokens() == null ? 0 : f.maxTokens()), f.hasCode() ? 1 : 0,
            f.codeShare(), log(f.codeBlocks()), f.scriptShare(), log(f.turns()), log(f.messages()),
            f.toolsRequested() ? 1 : 0, f.jsonRequested() ? 1 : 0, log(f.samples())
        };
    }

    private static double log(double n) {
        return Math.log1p(Math.max(0, n)) / 10;
    }
}
