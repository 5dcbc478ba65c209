package dev.llmpool.launcher.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.launcher.bench.BenchMode;
import dev.llmpool.launcher.bench.BenchSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    private static BenchSettings parse(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void defaultsAreOneHttpClientAgainstTheLocalPoolCalibratedOnTheLocalSimulator() {
        BenchSettings settings = parse();
        assertThat(settings.mode()).isEqualTo(BenchMode.HTTP);
        assertThat(settings.poolUrl()).isEqualTo("http://127.0.0.1:8080/v1");
        assertThat(settings.directUrl()).isEqualTo("http://127.0.0.1:8090/v1");
        assertThat(settings.plan().concurrency()).isEqualTo(1);
        assertThat(settings.plan().openLoop()).isFalse();
        assertThat(settings.pids()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.prompts().repeat()).isFalse();
        assertThat(parse("--repeat").prompts().repeat()).isTrue();
    }

    @Test
    void kafkaModeOpenLoopAndWatchedProcesses() {
        BenchSettings settings = parse("--mode", "kafka", "--bootstrap", "127.0.0.1:19092", "--rate", "500",
                "--requests", "2000", "--warmup", "0", "--pid", "11", "--pool-pid", "12,13", "--max-tokens", "50",
                "--direct", "", "--timeout", "30s");
        assertThat(settings.mode()).isEqualTo(BenchMode.KAFKA);
        assertThat(settings.bootstrap()).isEqualTo("127.0.0.1:19092");
        assertThat(settings.plan().rate()).isEqualTo(500);
        assertThat(settings.plan().requests()).isEqualTo(2000);
        assertThat(settings.pids()).containsExactly(11L, 12L, 13L);
        assertThat(settings.prompts().maxTokens()).isEqualTo(50);
        assertThat(settings.calibrates()).isFalse();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badCombinationsAreUsageErrors() {
        assertThatThrownBy(() -> parse("--mode", "grpc")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--mode");
        assertThatThrownBy(() -> parse("--mode", "kafka", "--bootstrap", ""))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--bootstrap");
        assertThatThrownBy(() -> parse("--concurrency", "0")).isInstanceOf(CommandLine.ParameterException.class);
    }
}
