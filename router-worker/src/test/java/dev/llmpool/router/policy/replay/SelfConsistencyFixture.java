package dev.llmpool.router.policy.replay;

import dev.llmpool.schemas.json.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes {@code src/test/resources/replay/selfcons/outcomes.jsonl}: synthetic recorded outcomes of a cheap model
 * (gpt-4o-mini, five samples per request) and a strong one (gpt-4o) on arithmetic word problems and multiple-choice
 * questions. How hard a request is shows in its prompt (steps, percentages, large numbers; the subject of a
 * question), the cheap model's chance of being right falls with it, and its samples agree more when it is right;
 * some answers carry no logprobs, some no usage. Deterministic: the same seed writes the same file. Regenerate it
 * with {@code -Dllmpool.fixtures.write=true} on {@link SelfConsistencyFixtureTest}, which otherwise checks that the
 * file is this generator's output.
 */
final class SelfConsistencyFixture {

    static final Path FILE = Path.of("src/test/resources/replay/selfcons/outcomes.jsonl");
    static final long SEED = 19;
    static final int MATH = 300;
    static final int CHOICE = 100;

    private static final String[] NAMES = {"Ana", "Ben", "Chen", "Dara", "Eli", "Farah", "Goran", "Hana", "Ivo",
        "Jun"};
    private static final String[] THINGS = {"apples", "stamps", "marbles", "books", "coins", "shells", "pencils"};
    private static final String[] EASY_SUBJECTS = {"geography", "spelling", "colours", "animals"};
    private static final String[] HARD_SUBJECTS = {"thermodynamics", "contract law", "organic chemistry",
        "number theory"};

    private SelfConsistencyFixture() {
    }

    static void write() throws IOException {
        Files.writeString(FILE, generate());
    }

    static String generate() {
        Random random = new Random(SEED);
        JsonCodec json = new JsonCodec();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < MATH + CHOICE; i++) {
            Map<String, Object> line = i < MATH ? math(random, i) : choice(random, i - MATH);
            out.append(json.toJson(line)).append('\n');
        }
        return out.toString();
    }

    private static Map<String, Object> math(Random random, int index) {
        String name = NAMES[random.nextInt(NAMES.length)];
        String thing = THINGS[random.nextInt(THINGS.length)];
        boolean large = random.nextInt(3) == 0;
        long value = large ? 1000 + random.nextInt(9000) : 3 + random.nextInt(30);
        StringBuilder problem = new StringBuilder(String.format(Locale.ROOT, "%s has %d %s.", name, value, thing));
        int steps = 1 + random.nextInt(4);
        boolean percent = false;
        for (int s = 0; s < steps; s++) {
            int kind = random.nextInt(5);
            int n = 2 + random.nextInt(large ? 400 : 12);
            switch (kind) {
                case 0 -> {
                    problem.append(String.format(Locale.ROOT, " Then %s gets %d more.", name, n));
                    value += n;
                }
                case 1 -> {
                    n = (int) Math.min(n, Math.max(1, value - 1));
                    problem.append(String.format(Locale.ROOT, " %s gives away %d.", name, n));
                    value -= n;
                }
                case 2 -> {
                    int k = 2 + random.nextInt(3);
                    problem.append(String.format(Locale.ROOT, " A friend brings %d times as many.", k));
                    value *= k;
                }
                case 3 -> {
                    int p = (1 + random.nextInt(4)) * 10;
                    problem.append(String.format(Locale.ROOT, " %s sells %d percent of them, rounding down.", name,
                            p));
                    value -= value * p / 100;
                    percent = true;
                }
                default -> {
                    problem.append(" Half of them are put in a box, rounding down, and the rest stay out.");
                    value -= value / 2;
                }
            }
        }
        problem.append(String.format(Locale.ROOT, " How many %s does %s have left out now?", thing, name));
        int difficulty = steps + (percent ? 2 : 0) + (large ? 2 : 0);
        final long result = value;
        String answer = Long.toString(result);
        String prompt = problem + " Think step by step and end with 'The answer is <number>.'";
        return case_("math-" + (index + 1), prompt, ordered(), difficulty, answer,
                () -> Long.toString(result + (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(large ? 90 : 6))),
                a -> "Step by step it comes to " + a + ". The answer is " + a + ".",
                random);
    }

    private static Map<String, Object> choice(Random random, int index) {
        boolean hard = random.nextInt(5) < 2;
        String subject = hard ? HARD_SUBJECTS[random.nextInt(HARD_SUBJECTS.length)]
                : EASY_SUBJECTS[random.nextInt(EASY_SUBJECTS.length)];
        String right = "ABCD".substring(random.nextInt(4)).substring(0, 1);
        String prompt = String.format(Locale.ROOT, "A question on %s (number %d). Which option is correct? "
                + "(A) the first (B) the second (C) the third (D) the fourth. Reply with the letter.", subject,
                index + 1);
        return case_("choice-" + (index + 1), prompt, ordered("task", "mcq"), hard ? 6 : 1, right, () -> {
            String other;
            do {
                other = "ABCD".substring(random.nextInt(4)).substring(0, 1);
            } while (other.equals(right));
            return other;
        }, a -> "Considering each option, the answer is (" + a + ").", random);
    }

    private static Map<String, Object> case_(String id, String prompt, Map<String, Object> metadata, int difficulty,
                                             String answer, java.util.function.Supplier<String> wrong,
                                             java.util.function.Function<String, String> say, Random random) {
        double pCheap = 1 / (1 + Math.exp(-(3.2 - 0.75 * difficulty)));
        boolean cheapRight = random.nextDouble() < pCheap;
        String usual = wrong.get();
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            String a;
            if (s == 0) {
                a = cheapRight ? answer : usual;
            } else if (cheapRight) {
                a = random.nextDouble() < 0.8 ? answer : wrong.get();
            } else {
                double r = random.nextDouble();
                a = r < 0.35 ? answer : r < 0.65 ? usual : wrong.get();
            }
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("content", say.apply(a));
            samples.add(sample);
        }
        Map<String, Object> cheap = new LinkedHashMap<>();
        cheap.put("samples", samples);
        cheap.put("finish_reason", "stop");
        if (random.nextInt(10) < 7) {
            double mean = cheapRight ? -0.12 - 0.1 * random.nextDouble() : -0.2 - 0.25 * random.nextDouble();
            cheap.put("logprobs", List.of(ordered("token", "The", "logprob", round(mean * 0.5)),
                    ordered("token", answer, "logprob", round(mean * 1.5))));
        }
        int promptTokens = 20 + prompt.length() / 4;
        if (random.nextInt(10) < 9) {
            cheap.put("usage", ordered("prompt_tokens", promptTokens, "completion_tokens",
                    5 * (20 + difficulty * 8)));
        }
        cheap.put("correct", cheapRight);
        boolean strongRight = random.nextDouble() < 0.97 - 0.02 * difficulty;
        Map<String, Object> strong = new LinkedHashMap<>();
        strong.put("content", say.apply(strongRight ? answer : wrong.get()));
        strong.put("finish_reason", "stop");
        strong.put("usage", ordered("prompt_tokens", promptTokens, "completion_tokens", 20 + difficulty * 8));
        strong.put("correct", strongRight);
        Map<String, Object> outcomes = new LinkedHashMap<>();
        outcomes.put("gpt-4o-mini", cheap);
        outcomes.put("gpt-4o", strong);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", "auto");
        request.put("n", 5);
        request.put("messages", List.of(ordered("role", "user", "content", prompt)));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", id);
        line.put("request", request);
        line.put("metadata", metadata);
        line.put("outcomes", outcomes);
        return line;
    }

    /** A map in the order given: the file must come out byte for byte the same on every run. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
