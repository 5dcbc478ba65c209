package dev.llmpool.simulator.generation;

import java.util.List;

/** Stable 64-bit seeds: FNV-1a over the prompt, finished with SplitMix64's mixer. Same input, same seed, any JVM. */
public final class Seeds {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private Seeds() {
    }

    /** The seed of a conversation: model, each message's role and text, and the settings' seed. */
    public static long of(String model, List<PromptMessage> messages, long seed) {
        long hash = FNV_OFFSET;
        hash = add(hash, model);
        for (PromptMessage message : messages) {
            hash = add(hash, '\u0001');
            hash = add(hash, message.role());
            hash = add(hash, '\u0002');
            hash = add(hash, message.text());
        }
        return mix(hash ^ mix(seed));
    }

    /** The {@code index}-th seed derived from {@code seed}. */
    public static long derive(long seed, long index) {
        return mix(seed + GOLDEN_GAMMA * (index + 1));
    }

    /** SplitMix64's finalizer: spreads every input bit over the output. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long add(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = add(hash, text.charAt(i));
        }
        return hash;
    }

    private static long add(long hash, char c) {
        hash = (hash ^ (c & 0xff)) * FNV_PRIME;
        return (hash ^ (c >>> 8)) * FNV_PRIME;
    }
}
