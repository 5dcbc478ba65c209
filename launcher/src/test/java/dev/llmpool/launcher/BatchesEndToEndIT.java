package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchError;
import com.openai.models.batches.BatchListParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Batches through the whole pool with the official openai-java client, unchanged: upload, create, poll, download,
 * cancel, expiry, retry, and the files API. The simulator answers; {@code [sim:…]} directives make a line fail or take
 * its time.
 */
class BatchesEndToEndIT extends WholePoolTestBase {

    private static final Duration SAFETY_NET = Duration.ofSeconds(90);

    private final JsonCodec json = new JsonCodec();
    private OpenAIClient client;

    @TempDir
    Path temp;

    @BeforeEach
    void client() {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey("sk-pool-test").maxRetries(0).build();
    }

    private static String line(String customId, String model, String prompt) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}}";
    }

    private String upload(List<String> lines) throws IOException {
        Path file = temp.resolve("input-" + UUID.randomUUID() + ".jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        FileObject uploaded = client.files().create(FileCreateParams.builder().file(file).purpose(FilePurpose.BATCH)
                .build());
        assertThat(uploaded.purpose()).isEqualTo(FileObject.Purpose.BATCH);
        assertThat(uploaded.bytes()).isEqualTo(Files.size(file));
        assertThat(uploaded.filename()).isEqualTo(file.getFileName().toString());
        return uploaded.id();
    }

    private Batch create(String fileId, String window) {
        return client.batches().create(BatchCreateParams.builder().inputFileId(fileId)
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow.of(window))
                .metadata(BatchCreateParams.Metadata.builder()
                        .putAdditionalProperty("purpose", com.openai.core.JsonValue.from("it")).build())
                .build());
    }

    @Test
    void aBatchOfEmbeddingsRunsEachLineAsAnEmbeddingsJob() throws Exception {
        String salt = UUID.randomUUID().toString();
        String file = upload(List.of(
                "{\"custom_id\":\"e1\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":"
                        + "{\"model\":\"text-embedding-3-small\",\"input\":\"a river " + salt + "\",\"dimensions\":8}}",
                "{\"custom_id\":\"e2\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":"
                        + "{\"model\":\"gemini-embedding-001\",\"input\":[\"a\",\"b " + salt + "\"]}}"));
        Batch created = client.batches().create(BatchCreateParams.builder().inputFileId(file)
                .endpoint(BatchCreateParams.Endpoint.V1_EMBEDDINGS)
                .completionWindow(BatchCreateParams.CompletionWindow.of("24h")).build());
        Batch done = BatchWaits.awaitStatus(client, created.id(), Batch.Status.COMPLETED, SAFETY_NET);

        List<JsonNode> output = download(done.outputFileId().orElseThrow());
        assertThat(customIds(output)).containsExactlyInAnyOrder("e1", "e2");
        JsonNode first = output.stream().filter(l -> l.get("custom_id").asString().equals("e1")).findFirst()
                .orElseThrow().get("response").get("body");
        assertThat(first.get("data").get(0).get("embedding")).hasSize(8);
        JsonNode second = output.stream().filter(l -> l.get("custom_id").asString().equals("e2")).findFirst()
                .orElseThrow().get("response").get("body");
        assertThat(second.get("data")).hasSize(2);
    }



    private List<JsonNode> download(String fileId) throws IOException {
        try (HttpResponse response = client.files().content(fileId); InputStream body = response.body()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isBlank()).map(json::readTree).toList();
        }
    }

    private static List<String> customIds(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("custom_id").asString()).toList();
    }

    @Test
    void everyLineEndsUpOnceInTheOutputOrErrorFileAndARetryRunsOnlyTheFailedOnes() throws Exception {
        String tag = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(line("ok-" + i, i == 3 ? "auto" : "gpt-4o-mini", "Summarize river " + i + " " + tag));
        }
        lines.add(line("bad-provider", "gpt-4o-mini", "This one fails " + tag + " [sim:status=400]"));
        Batch created = create(upload(lines), "24h");
        assertThat(created.status()).isEqualTo(Batch.Status.VALIDATING);
        assertThat(created.endpoint()).isEqualTo("/v1/chat/completions");
        assertThat(created.expiresAt()).hasValue(created.createdAt() + 24 * 3600);

        Batch done = BatchWaits.awaitStatus(client, created.id(), Batch.Status.COMPLETED, SAFETY_NET);

        assertThat(done.requestCounts()).hasValueSatisfying(c -> {
            assertThat(c.total()).isEqualTo(11);
            assertThat(c.completed()).isEqualTo(10);
            assertThat(c.failed()).isEqualTo(1);
        });
        assertThat(done.inProgressAt()).isPresent();
        assertThat(done.finalizingAt()).isPresent();
        assertThat(done.completedAt()).isPresent();
        assertThat(done.errors()).isEmpty();
        List<JsonNode> output = download(done.outputFileId().orElseThrow());
        List<JsonNode> errors = download(done.errorFileId().orElseThrow());
        assertThat(customIds(output)).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10)
                .mapToObj(i -> "ok-" + i).toList());
        assertThat(output).allSatisfy(line -> {
            assertThat(line.get("id").asString()).startsWith("batch_req_");
            assertThat(line.get("error").isNull()).isTrue();
            assertThat(line.get("response").get("status_code").asInt()).isEqualTo(200);
            assertThat(line.get("response").get("request_id").asString()).startsWith(created.id() + ".");
            assertThat(line.get("response").get("body").get("choices").get(0).get("message").get("content")
                    .asString()).isNotBlank();
        });
        assertThat(errors).singleElement().satisfies(line -> {
            assertThat(line.get("custom_id").asString()).isEqualTo("bad-provider");
            assertThat(line.get("response").get("status_code").asInt()).isEqualTo(400);
            assertThat(line.get("response").get("body").get("error").get("message").asString()).isNotBlank();
        });
        FileObject outputFile = client.files().retrieve(done.outputFileId().orElseThrow());
        assertThat(outputFile.purpose()).isEqualTo(FileObject.Purpose.BATCH_OUTPUT);
        assertThat(client.batches().list(BatchListParams.builder().limit(100).build()).data())
                .extracting(Batch::id).contains(created.id());

        java.net.http.HttpResponse<String> retried = post("/v1/batches/" + created.id() + "/retry", "");
        assertThat(retried.statusCode()).isEqualTo(200);
        JsonNode retry = json.readTree(retried.body());
        assertThat(retry.get("metadata").get("llmpool_retry_of").asString()).isEqualTo(created.id());
        assertThat(retry.get("metadata").get("purpose").asString()).isEqualTo("it");
        Batch again = BatchWaits.awaitStatus(client, retry.get("id").asString(), Batch.Status.COMPLETED, SAFETY_NET);
        assertThat(again.requestCounts()).hasValueSatisfying(c -> {
            assertThat(c.total()).isEqualTo(1);
            assertThat(c.failed()).isEqualTo(1);
        });
        assertThat(customIds(download(again.errorFileId().orElseThrow()))).containsExactly("bad-provider");
        assertThat(post("/v1/batches/" + retry.get("id").asString() + "/retry", "").statusCode()).isEqualTo(200);
        assertThat(post("/v1/batches/batch_nosuch/retry", "").statusCode()).isEqualTo(404);
    }

    @Test
    void aFileWithBadLinesFailsValidationNamingEachLine() throws Exception {
        String tag = UUID.randomUUID().toString();
        Batch created = create(upload(List.of(
                line("a", "gpt-4o-mini", "fine " + tag),
                "{\"custom_id\": \"b\", \"method\": ",
                line("a", "gpt-4o-mini", "same id " + tag),
                line("c", "no-such-model", "unknown model " + tag),
                line("d", "gpt-4o-mini", "fine " + tag).replace("/v1/chat/completions", "/v1/embeddings"))), "24h");

        Batch failed = BatchWaits.awaitStatus(client, created.id(), Batch.Status.FAILED, SAFETY_NET);

        assertThat(failed.failedAt()).isPresent();
        assertThat(failed.outputFileId()).isEmpty();
        List<BatchError> errors = failed.errors().orElseThrow().data().orElseThrow();
        assertThat(errors).extracting(e -> e.line().orElseThrow()).containsExactly(2L, 3L, 4L, 5L);
        assertThat(errors).extracting(e -> e.code().orElseThrow())
                .containsExactly("invalid_json_line", "duplicate_custom_id", "model_not_found", "mismatched_url");
        assertThat(errors).allSatisfy(e -> assertThat(e.message().orElseThrow()).startsWith("Line "));
        assertThat(post("/v1/batches/" + created.id() + "/retry", "").statusCode()).isEqualTo(400);
    }

    @Test
    void cancellingMidBatchKeepsTheFinishedLinesAndCancelsTheRest() throws Exception {
        String tag = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lines.add(line("fast-" + i, "gpt-4o-mini", "quick " + i + " " + tag));
        }
        for (int i = 0; i < 6; i++) {
            lines.add(line("slow-" + i, "gpt-4o-mini", "slow " + i + " " + tag + " [sim:delay=5s]"));
        }
        Batch created = create(upload(lines), "24h");
        BatchWaits.await(client, created.id(), b -> b.requestCounts().map(c -> c.completed() >= 4).orElse(false),
                "4 completed lines", SAFETY_NET);
        assertThat(awaitMetric("llmpool_batch_lines{batch=\"" + created.id() + "\",state=\"total\"}")).isEqualTo(10);

        Batch cancelling = client.batches().cancel(created.id());
        assertThat(cancelling.status()).isEqualTo(Batch.Status.CANCELLING);
        assertThat(cancelling.cancellingAt()).isPresent();
        Batch cancelled = BatchWaits.awaitStatus(client, created.id(), Batch.Status.CANCELLED, SAFETY_NET);

        assertThat(cancelled.cancelledAt()).isPresent();
        assertThat(cancelled.requestCounts()).hasValueSatisfying(c -> {
            assertThat(c.total()).isEqualTo(10);
            assertThat(c.completed()).isEqualTo(4);
            assertThat(c.failed()).isEqualTo(6);
        });
        assertThat(customIds(download(cancelled.outputFileId().orElseThrow())))
                .containsExactlyInAnyOrder("fast-0", "fast-1", "fast-2", "fast-3");
        List<JsonNode> errors = download(cancelled.errorFileId().orElseThrow());
        assertThat(customIds(errors)).containsExactlyInAnyOrder("slow-0", "slow-1", "slow-2", "slow-3", "slow-4",
                "slow-5");
        assertThat(errors).allSatisfy(line -> {
            assertThat(line.get("response").isNull()).isTrue();
            assertThat(line.get("error").get("code").asString()).isEqualTo("batch_cancelled");
        });
        assertThat(client.batches().cancel(created.id()).status()).isEqualTo(Batch.Status.CANCELLED);
    }

    @Test
    void aBatchPastItsWindowExpiresKeepingWhatFinished() throws Exception {
        String tag = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add(line("fast-" + i, "gpt-4o-mini", "quick " + i + " " + tag));
        }
        for (int i = 0; i < 3; i++) {
            lines.add(line("slow-" + i, "gpt-4o-mini", "slow " + i + " " + tag + " [sim:delay=6s]"));
        }
        Batch created = create(upload(lines), "2s");
        assertThat(created.expiresAt()).hasValue(created.createdAt() + 2);

        Batch expired = BatchWaits.awaitStatus(client, created.id(), Batch.Status.EXPIRED, SAFETY_NET);

        assertThat(expired.expiredAt()).isPresent();
        assertThat(expired.requestCounts()).hasValueSatisfying(c -> {
            assertThat(c.completed()).isEqualTo(3);
            assertThat(c.failed()).isEqualTo(3);
        });
        assertThat(customIds(download(expired.outputFileId().orElseThrow())))
                .containsExactlyInAnyOrder("fast-0", "fast-1", "fast-2");
        List<JsonNode> errors = download(expired.errorFileId().orElseThrow());
        assertThat(customIds(errors)).containsExactlyInAnyOrder("slow-0", "slow-1", "slow-2");
        assertThat(errors).allSatisfy(line -> assertThat(line.get("error").get("code").asString())
                .isEqualTo("batch_expired"));
    }

    @Test
    void filesAreListedPageByPageRetrievedDownloadedAndDeleted() throws Exception {
        String first = upload(List.of(line("x", "gpt-4o-mini", "one")));
        String second = upload(List.of(line("y", "gpt-4o-mini", "two")));

        var page = client.files().list(FileListParams.builder().purpose("batch").limit(1L).build());
        assertThat(page.data()).extracting(FileObject::id).containsExactly(second);
        assertThat(page.hasNextPage()).isTrue();
        assertThat(page.nextPage().data()).extracting(FileObject::id).containsExactly(first);
        assertThat(client.files().list(FileListParams.builder().order(FileListParams.Order.ASC).limit(10000L)
                .build()).autoPager().stream().map(FileObject::id).toList()).containsSubsequence(first, second);
        assertThat(client.files().retrieve(first).status()).isEqualTo(FileObject.Status.PROCESSED);
        assertThat(customIds(download(first))).containsExactly("x");

        assertThat(client.files().delete(first).deleted()).isTrue();
        assertThatThrownBy(() -> client.files().retrieve(first)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.files().content(first)).isInstanceOf(NotFoundException.class);
        assertThat(get("/v1/files/" + first).body()).contains("\"code\":\"file_not_found\"");
    }

    @Test
    void anUploadOverTheLineLimitIsRefusedAndAnUnknownInputFileToo() throws Exception {
        Path big = temp.resolve("big.jsonl");
        Files.writeString(big, "{}\n".repeat(50_001));
        assertThatThrownBy(() -> client.files().create(FileCreateParams.builder().file(big)
                .purpose(FilePurpose.BATCH).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("50000");
        assertThatThrownBy(() -> create("file-nosuch", "24h")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> create(upload(List.of(line("x", "gpt-4o-mini", "one"))), "forever"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("completion_window");
    }

    private double awaitMetric(String series) throws Exception {
        long end = System.nanoTime() + SAFETY_NET.toNanos();
        while (System.nanoTime() < end) {
            Map<String, Double> values = get("/actuator/prometheus").body().lines()
                    .filter(l -> !l.startsWith("#") && l.contains(" "))
                    .collect(Collectors.toMap(l -> l.substring(0, l.lastIndexOf(' ')),
                            l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)), (a, b) -> a));
            Double value = values.entrySet().stream().filter(e -> e.getKey().startsWith(series.substring(0,
                            series.indexOf('{'))) && sameTags(e.getKey(), series)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + series + " on /actuator/prometheus");
    }

    private static boolean sameTags(String actual, String expected) {
        Set<String> want = Set.of(expected.substring(expected.indexOf('{') + 1, expected.length() - 1).split(","));
        return actual.contains("{") && Set.of(actual.substring(actual.indexOf('{') + 1, actual.length() - 1)
                .split(",")).containsAll(want);
    }
}
