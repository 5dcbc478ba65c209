package dev.llmpool.launcher.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.router.policy.replay.Calibrator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RouteCommandTest {

    private static RouteCommand.Replay parse(String... args) {
        CommandLine line = new CommandLine(new RouteCommand());
        CommandLine.ParseResult result = line.parseArgs(args);
        return (RouteCommand.Replay) result.subcommand().commandSpec().userObject();
    }

    @Test
    void calibrateCalibratesWithoutBeingAskedTwice() {
        RouteCommand.Replay calibrate = parse("calibrate", "--rules", "r.yml", "--input", "o.jsonl", "--split", "0.6",
                "--target-relative-accuracy", "0.95");
        assertThat(calibrate).isInstanceOf(RouteCommand.Calibrate.class);
        assertThat(calibrate.target()).isEqualTo(new Calibrator.Target.RelativeAccuracy(0.95));
        assertThat(calibrate.split).isEqualTo(0.6);
        RouteCommand.Replay replay = parse("replay", "--rules", "r.yml", "--input", "o.jsonl");
        assertThat(replay.target()).isNull();
    }

    @Test
    void aTargetIsNeededToCalibrateAndOnlyThen() {
        assertThatThrownBy(() -> parse("calibrate", "--rules", "r.yml", "--input", "o.jsonl").target())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--target-relative-accuracy");
        assertThatThrownBy(() -> parse("replay", "--rules", "r.yml", "--input", "o.jsonl", "--target-accuracy",
                "0.9").target()).hasMessageContaining("a target needs --calibrate");
        assertThatThrownBy(() -> parse("calibrate", "--rules", "r.yml", "--input", "o.jsonl", "--target-accuracy",
                "0.9", "--target-relative-accuracy", "0.9")).isInstanceOf(CommandLine.ParameterException.class);
    }
}
