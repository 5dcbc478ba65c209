package dev.llmpool.launcher.bench;

import java.util.UUID;

/**
 * The chat request every target gets: one user message that is unique per call (so no cache can answer it), the
 * model, and optionally a cap on completion tokens. The same body goes to the simulator, the gateway and, inside a
 * job envelope, to Kafka.
 *
 * @param repeat send one deterministic request ({@code temperature} 0, the same message) every time instead, so
 *               that after the first call the pool answers from its cache
 */
public record Prompts(String model, int maxTokens, boolean repeat) {

    public Prompts(String model, int maxTokens) {
        this(model, maxTokens, false);
    }

    /** The OpenAI Chat Completions body of one call. */
    public String body(boolean stream) {
        String content = repeat ? "bench: the same question every time" : "bench " + UUID.randomUUID();
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + (maxTokens > 0 ? ",\"max_tokens\":" + maxTokens : "")
                + (repeat ? ",\"temperature\":0" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }
}
