package dev.llmpool.router.policy.replay;

import static dev.llmpool.router.policy.PolicyFixtures.REPLAY;
import static dev.llmpool.router.policy.PolicyFixtures.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.routing.RulesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code llmpool route replay} prints, from files. */
class ReplayRunTest {

    @Test
    void printsTheReportAndTheCalibration() {
        String out = ReplayRun.run(REPLAY.resolve("rules.yml"), REPLAY.resolve("catalog.yml"),
                REPLAY.resolve("outcomes.jsonl"), new Calibrator.Target.Accuracy(0.95), TOKENS);
        assertThat(out).startsWith("replay of outcomes.jsonl with rules.yml and catalog.yml\n")
                .contains("policy").contains("first tier").contains("last tier")
                .contains("calibration: target accuracy 95.0% -> met").contains("routes:\n");
        System.out.println(out);
    }

    @Test
    void aBadRulesFileNamesItsLine(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("bad.yml");
        Files.writeString(rules, Files.readString(REPLAY.resolve("rules.yml")).replace("gpt-4.1-nano", "gpt-9"));
        assertThatThrownBy(() -> ReplayRun.run(rules, REPLAY.resolve("catalog.yml"), REPLAY.resolve("outcomes.jsonl"),
                null, TOKENS)).isInstanceOf(RulesException.class).hasMessageContaining("bad.yml line 33: model 'gpt-9'");
    }
}
