package dev.llmpool.router.policy.prescore;

import static dev.llmpool.router.policy.PolicyFixtures.features;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmpool.router.policy.features.RouteNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreRouterTrainerTest {

    private static final List<String> EASY = List.of("capital", "colour", "spell", "plural", "opposite");
    private static final List<String> HARD = List.of("prove", "integral", "derive", "optimize", "theorem");
    private static final List<String> FILLER = List.of("please", "tell", "me", "the", "of", "a", "word", "quickly",
            "about", "this", "for", "my", "class", "today", "what", "is");

    private final PreRouterTrainer trainer = new PreRouterTrainer();

    private static PreRouterTrainer.Example example(String prompt, boolean acceptable) {
        return new PreRouterTrainer.Example(prompt, features(userSays("auto", prompt), Map.of(), RouteNames.NONE),
                acceptable);
    }

    private static String prompt(Random random, String topic) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 6 + random.nextInt(6); i++) {
            words.add(FILLER.get(random.nextInt(FILLER.size())));
        }
        words.add(random.nextInt(words.size() + 1), topic);
        return String.join(" ", words);
    }

    @Test
    void aSeparableSetIsLearned() {
        Random random = new Random(1);
        List<PreRouterTrainer.Example> examples = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean easy = random.nextBoolean();
            List<String> topics = easy ? EASY : HARD;
            examples.add(example(prompt(random, topics.get(random.nextInt(topics.size()))), easy));
        }
        PreRouterTrainer.Training t = trainer.train(examples, PreRouterTrainer.Settings.DEFAULT, "cheap");
        assertThat(t.cvAuc()).isGreaterThan(0.95);
        assertThat(t.foldAucs()).hasSize(5).allSatisfy(a -> assertThat(a).isGreaterThan(0.9));
        PreRouterModel model = t.model();
        String easy = "what is the capital of peru";
        String hard = "prove this theorem for my class";
        assertThat(model.score(easy, example(easy, true).features()))
                .isGreaterThan(0.5).isGreaterThan(model.score(hard, example(hard, false).features()));
        assertThat(t.render()).contains("cross-validated AUC").contains("300 requests");
    }

    @Test
    void aRandomSetIsNot() {
        Random random = new Random(2);
        List<String> vocabulary = new ArrayList<>(FILLER);
        vocabulary.addAll(EASY);
        vocabulary.addAll(HARD);
        List<PreRouterTrainer.Example> examples = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            examples.add(example(prompt(random, vocabulary.get(random.nextInt(vocabulary.size()))),
                    random.nextBoolean()));
        }
        PreRouterTrainer.Training t = trainer.train(examples, PreRouterTrainer.Settings.DEFAULT, "cheap");
        assertThat(t.cvAuc()).isCloseTo(0.5, within(0.08));
    }

    @Test
    void oneClassCannotBeLearned() {
        assertThatThrownBy(() -> trainer.train(List.of(example("a", true), example("b", true)),
                PreRouterTrainer.Settings.DEFAULT, "cheap"))
                .hasMessageContaining("both acceptable and unacceptable");
    }

    @Test
    void theModelFileReadsBackToTheSameScores() {
        Random random = new Random(3);
        List<PreRouterTrainer.Example> examples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            examples.add(example(prompt(random, i % 2 == 0 ? "capital" : "prove"), i % 2 == 0));
        }
        PreRouterModel model = trainer.train(examples, PreRouterTrainerSettingsBuilder.from(PreRouterTrainer.Settings.DEFAULT).withFolds(3), "cheap").model();
        PreRouterModel again = PreRouterModel.parse(model.json());
        for (PreRouterTrainer.Example e : examples) {
            assertThat(again.score(e.prompt(), e.features())).isEqualTo(model.score(e.prompt(), e.features()));
        }
        assertThat(again.hashing()).isEqualTo(model.hashing());
        assertThat(again.cheapModel()).isEqualTo("cheap");
        assertThatThrownBy(() -> PreRouterModel.parse(model.json().replace(PreRouterModel.FORMAT, "other/9")))
                .hasMessageContaining("format must be " + PreRouterModel.FORMAT);
        assertThatThrownBy(() -> PreRouterModel.parse(model.json().replace("\"log_turns\"", "\"turns\"")))
                .hasMessageContaining("train the model again");
    }

    @Test
    void aucCountsTiesAsHalf() {
        assertThat(Auc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}))
                .isEqualTo(0.75);
        assertThat(Auc.of(new double[] {0.5, 0.5}, new boolean[] {false, true})).isEqualTo(0.5);
        assertThat(Auc.of(new double[] {0.5}, new boolean[] {true})).isNaN();
    }
}
