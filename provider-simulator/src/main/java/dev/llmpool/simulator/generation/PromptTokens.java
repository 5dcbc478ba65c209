package dev.llmpool.simulator.generation;

import java.util.List;

/** A deterministic prompt-token estimate: per message ceil(chars / 4) + 3, plus 3 for the reply's priming. */
public final class PromptTokens {

    private static final int PER_MESSAGE = 3;
    private static final int PER_REPLY = 3;
    private static final int CHARS_PER_TOKEN = 4;

    private PromptTokens() {
    }

    public static int estimate(List<PromptMessage> messages) {
        int total = PER_REPLY;
        for (PromptMessage message : messages) {
            total += (message.text().length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN + PER_MESSAGE;
        }
        return total;
    }
}
