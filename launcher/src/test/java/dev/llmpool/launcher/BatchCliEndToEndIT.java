package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.json.JsonCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code llmpool batch …} run in-process (picocli, output captured) against the whole pool: submit and watch (not a
 * terminal here, so plain progress lines), status, list, download, retry, cancel, a file that fails validation, and
 * the exit codes of each end.
 */
class BatchCliEndToEndIT extends WholePoolTestBase {

    private static final Pattern BATCH_ID = Pattern.compile("created (batch_[0-9a-f]+)");
    private static final Pattern PLAIN_LINE = Pattern.compile(
            "\\[\\d+:\\d\\d:\\d\\d] batch_[0-9a-f]+ (validating|in_progress|finalizing|completed)( .*)?");

    private final JsonCodec json = new JsonCodec();

    @TempDir
    Path temp;

    record Run(int exitCode, String out, String err) {
        String batchId() {
            Matcher m = BATCH_ID.matcher(out);
            assertThat(m.find()).as("a batch id in:\n" + out).isTrue();
            return m.group(1);
        }
    }

    private Run llmpool(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--gateway", baseUrl()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new LlmPoolCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static String line(String customId, String model, String prompt) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}}";
    }

    private Path input(List<String> lines) throws Exception {
        return Files.writeString(temp.resolve("input-" + UUID.randomUUID() + ".jsonl"), String.join("\n", lines)
                + "\n");
    }

    @Test
    void submitWaitStatusListDownloadAndRetryTheFailedLine() throws Exception {
        String tag = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add(line("ok-" + i, "gpt-4o-mini", "Name river " + i + " " + tag));
        }
        lines.add(line("slow", "gpt-4o-mini", "Take your time " + tag + " [sim:delay=1s]"));
        lines.add(line("bad", "gpt-4o-mini", "This one fails " + tag + " [sim:status=400]"));
        Path file = input(lines);

        Run submit = llmpool("batch", "submit", file.toString(), "--wait", "--window", "1h", "--metadata",
                "suite=cli", "--poll-interval", "100ms", "--log-interval", "300ms");

        assertThat(submit.exitCode()).as(submit.out() + submit.err()).isZero();
        String id = submit.batchId();
        assertThat(submit.out()).startsWith(file.getFileName() + ": 7 lines (gpt-4o-mini 7), ")
                .contains("\nuploaded file-").contains("\ncreated " + id + " (validating, completion window 1h)\n")
                .doesNotContain("\r").doesNotContain("\u001b");
        List<String> progress = submit.out().lines().filter(l -> l.startsWith("[")).toList();
        assertThat(progress).as("plain progress lines").isNotEmpty().allMatch(l -> PLAIN_LINE.matcher(l).matches())
                .anyMatch(l -> l.contains(" in_progress ") && l.contains("/7 (")).last().asString()
                .contains(" completed 7/7 (100.0%) · 6 completed, 1 failed · ");
        assertThat(submit.out()).contains("batch " + id + " completed after ")
                .contains("\n  lines       7: 6 completed, 1 failed\n")
                .containsPattern("\n  cost        \\$0\\.\\d+ \\(each answer's model and usage at the catalog prices\\)\n")
                .contains("\n  metadata    suite=cli\n").contains("llmpool batch retry " + id);

        Run status = llmpool("batch", "status", id);
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).startsWith("batch " + id + " completed after ").contains("6 completed, 1 failed");
        JsonNode object = json.readTree(llmpool("batch", "status", id, "--json").out());
        assertThat(object.get("id").asString()).isEqualTo(id);
        assertThat(object.get("request_counts").get("completed").asInt()).isEqualTo(6);

        Run list = llmpool("batch", "list", "--limit", "100");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).startsWith("ID ").containsPattern(id + "\\s+completed\\s+\\S+\\s+7\\s+6\\s+1\\s+suite=cli");

        Path out = temp.resolve("out");
        Run download = llmpool("batch", "download", id, "--out", out.toString());
        assertThat(download.exitCode()).as(download.err()).isZero();
        List<JsonNode> output = Files.readAllLines(out.resolve(id + "_output.jsonl")).stream().map(json::readTree)
                .toList();
        List<JsonNode> errors = Files.readAllLines(out.resolve(id + "_errors.jsonl")).stream().map(json::readTree)
                .toList();
        assertThat(output).extracting(l -> l.get("custom_id").asString())
                .containsExactlyInAnyOrder("ok-0", "ok-1", "ok-2", "ok-3", "ok-4", "slow");
        assertThat(errors).extracting(l -> l.get("custom_id").asString()).containsExactly("bad");
        assertThat(download.out()).contains("(6 lines, ").contains("(1 lines, ");

        Run retry = llmpool("batch", "retry", id, "--wait", "--poll-interval", "100ms");
        assertThat(retry.exitCode()).as(retry.out() + retry.err()).isZero();
        String retryId = retry.batchId();
        assertThat(retryId).isNotEqualTo(id);
        assertThat(retry.out()).contains("created " + retryId + " (validating): the lines of " + id
                        + " that did not complete")
                .contains("\n  lines       1: 0 completed, 1 failed\n")
                .contains("llmpool_retry_of=" + id);
    }

    @Test
    void aCancelledBatchEndsTheWatchWithExitCodeFive() throws Exception {
        String tag = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add(line("slow-" + i, "gpt-4o-mini", "slow " + i + " " + tag + " [sim:delay=5s]"));
        }
        Run submit = llmpool("batch", "submit", input(lines).toString());
        assertThat(submit.exitCode()).isZero();
        String id = submit.batchId();
        assertThat(submit.out()).contains("follow it: llmpool batch status " + id + " --watch");

        Run cancel = llmpool("batch", "cancel", id);
        Run watch = llmpool("batch", "status", id, "--watch", "--poll-interval", "100ms");

        assertThat(cancel.exitCode()).isZero();
        assertThat(cancel.out()).startsWith(id + " cancelling");
        assertThat(watch.exitCode()).as(watch.out()).isEqualTo(5);
        assertThat(watch.out()).contains("batch " + id + " cancelled after ");
    }

    @Test
    void aFileWithBadLinesExitsThreeNamingTheLines() throws Exception {
        String tag = UUID.randomUUID().toString();
        Path file = input(List.of(line("a", "gpt-4o-mini", "fine " + tag), "{\"custom_id\": \"b\", \"method\": ",
                line("c", "no-such-model", "unknown " + tag)));

        Run submit = llmpool("batch", "submit", file.toString(), "--wait", "--poll-interval", "100ms");

        assertThat(submit.exitCode()).as(submit.out()).isEqualTo(3);
        assertThat(submit.out()).contains("failed after ").contains("  invalid     2 problems in the input")
                .contains("invalid_json_line: Line 2 ").contains("model_not_found: Line 3: ");
    }

    @Test
    void anUnknownBatchExitsOneWithTheApisMessage() {
        Run status = llmpool("batch", "status", "batch_0000");

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).isEqualTo("llmpool batch status: the gateway refused it (HTTP 404 batch_not_found): "
                + "No batch found with id 'batch_0000'.\n");
    }
}
