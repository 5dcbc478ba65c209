package dev.llmpool.launcher.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded choices: the same seed and index always make the same probe, whatever the order they are made in. */
final class Pick {

    private final SplittableRandom random;

    Pick(long seed, long index) {
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }

    @SafeVarargs
    final <T> T one(T... options) {
        return options[random.nextInt(options.length)];
    }

    <T> T one(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    int between(int from, int toInclusive) {
        return random.nextInt(from, toInclusive + 1);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    String word() {
        return one("paper", "river", "falcon", "quartz", "lantern", "harbor", "meadow", "cipher", "violet", "summit");
    }
}
