package dev.llmpool.launcher.command.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.launcher.LlmPoolCli;
import dev.llmpool.launcher.batch.GatewayClient;
import dev.llmpool.launcher.batch.ProgressMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class BatchCommandTest {

    @TempDir
    Path temp;

    /** What one run of {@code llmpool …} printed and answered. */
    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new LlmPoolCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static <T> T parsed(Class<T> type, String... args) {
        ParseResult result = new CommandLine(new LlmPoolCli()).parseArgs(args);
        while (result.subcommand() != null) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }

    /** A port nothing listens on: one the system gave and took back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void submitTakesTheFileTheWindowRepeatedMetadataAndWait() {
        Submit submit = parsed(Submit.class, "batch", "submit", "in.jsonl", "--wait",
                "--window", "90m", "--metadata", "job=nightly", "--metadata", "team=search=ranking",
                "--gateway", "http://gw:9000/v1");

        assertThat(submit.input).isEqualTo(Path.of("in.jsonl"));
        assertThat(submit.wait).isTrue();
        assertThat(submit.window).isEqualTo("90m");
        assertThat(submit.metadata).containsExactly(Map.entry("job", "nightly"), Map.entry("team", "search=ranking"));
        assertThat(submit.gatewayOption.gateway).isEqualTo("http://gw:9000/v1");
    }

    @Test
    void theDefaultsAre24hNoWaitAndTheGatewayOfLlmpoolUpUnlessLlmpoolGatewaySaysOtherwise() {
        Submit submit = parsed(Submit.class, "batch", "submit", "in.jsonl");
        CommandLine command = new CommandLine(new LlmPoolCli()).getSubcommands().get("batch").getSubcommands()
                .get("submit");

        assertThat(submit.wait).isFalse();
        assertThat(submit.window).isEqualTo("24h");
        assertThat(submit.metadata).isEmpty();
        assertThat(command.getCommandSpec().findOption("--gateway").defaultValueString())
                .isEqualTo("${env:LLMPOOL_GATEWAY:-http://127.0.0.1:8080}");
        assertThat(submit.watch.progress).isEqualTo("auto");
    }

    @Test
    void watchOptionsAreCheckedBeforeAnythingIsSent() {
        CommandLine command = new CommandLine(new LlmPoolCli());
        Status status = parsed(Status.class, "batch", "status", "batch_1", "--watch",
                "--progress", "PLAIN", "--poll-interval", "250ms", "--log-interval", "2s");
        Watching watching = status.watch.check(command.getCommandSpec());

        assertThat(status.follow).isTrue();
        assertThat(watching.mode()).isEqualTo(ProgressMode.PLAIN);
        assertThat(watching.poll()).isEqualTo(Duration.ofMillis(250));
        assertThat(watching.logInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(watching.prices().of("gpt-4o-mini")).isPresent();

        Status bad = parsed(Status.class, "batch", "status", "b", "--progress", "sideways");
        assertThatThrownBy(() -> bad.watch.check(command.getCommandSpec()))
                .hasMessageContaining("--progress: 'sideways' is not auto, bar or plain");
        Status zero = parsed(Status.class, "batch", "status", "b", "--poll-interval", "0s");
        assertThatThrownBy(() -> zero.watch.check(command.getCommandSpec()))
                .hasMessageContaining("--poll-interval: '0s' is not a positive duration");
    }

    @Test
    void autoProgressIsTheBarOnATerminalAndPlainLinesElsewhere() {
        assertThat(ProgressMode.AUTO.resolve(true)).isEqualTo(ProgressMode.BAR);
        assertThat(ProgressMode.AUTO.resolve(false)).isEqualTo(ProgressMode.PLAIN);
        assertThat(ProgressMode.PLAIN.resolve(true)).isEqualTo(ProgressMode.PLAIN);
        assertThat(ProgressMode.BAR.resolve(false)).isEqualTo(ProgressMode.BAR);
    }

    @Test
    void wrongArgumentsExitTwoSayingWhatIsWrong() throws IOException {
        Path input = Files.writeString(temp.resolve("in.jsonl"), "{}\n");

        Run metadata = run("batch", "submit", input.toString(), "--metadata", "job");
        Run missing = run("batch", "submit", temp.resolve("nope.jsonl").toString());
        Run url = run("batch", "list", "--gateway", "localhost:8080");
        Run progress = run("batch", "submit", input.toString(), "--wait", "--progress", "loud");

        assertThat(metadata.exitCode()).isEqualTo(2);
        assertThat(metadata.err()).contains("KEY=VALUE");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.jsonl is not a readable file");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err()).contains("'localhost:8080' is not a URL such as http://127.0.0.1:8080");
        assertThat(progress.exitCode()).isEqualTo(2);
        assertThat(progress.err()).contains("--progress: 'loud'");
    }

    @Test
    void aGatewayThatIsNotThereExitsOneAndSaysToStartThePool() throws IOException {
        Path input = Files.writeString(temp.resolve("in.jsonl"), "{}\n");
        String gateway = "http://127.0.0.1:" + closedPort();

        Run submit = run("batch", "submit", input.toString(), "--gateway", gateway);
        Run list = run("batch", "list", "--gateway", gateway);

        assertThat(submit.exitCode()).isEqualTo(1);
        assertThat(submit.err()).startsWith("llmpool batch submit: cannot reach the gateway at " + gateway)
                .contains("Is `./llmpool up` running?").contains("--gateway URL (or LLMPOOL_GATEWAY)")
                .doesNotContain("Exception\n\tat");
        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.err()).contains("Is `./llmpool up` running?");
    }

    @Test
    void theGatewayUrlMayEndInV1OrASlash() {
        assertThat(GatewayClient.normalize("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
        assertThat(GatewayClient.normalize("http://pool.internal:8080/v1/")).isEqualTo("http://pool.internal:8080");
        assertThat(GatewayClient.normalize("https://pool.example/llm/v1")).isEqualTo("https://pool.example/llm");
        assertThatThrownBy(() -> GatewayClient.normalize("ftp://x")).isInstanceOf(IllegalArgumentException.class);
    }
}
