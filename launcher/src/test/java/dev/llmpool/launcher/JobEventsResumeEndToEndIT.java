package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.json.JsonCodec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The async job API: 202 at once, status by id, and an SSE event feed a client can leave and resume. */
class JobEventsResumeEndToEndIT extends WholePoolTestBase {

    private final JsonCodec json = new JsonCodec();

    record SseEvent(String id, String type, String data) {
    }

    @Test
    void aClientThatDisconnectsAndResumesWithLastEventIdGetsEveryEventExactlyOnce() throws Exception {
        String prompt = "Write a long answer [sim:tokens=40] " + UUID.randomUUID();
        HttpResponse<String> accepted = post("/v1/jobs", """
                {"body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"%s"}]},"stream_tokens":true}"""
                .formatted(prompt));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json.readTree(accepted.body()).get("id").asString();
        assertThat(accepted.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);

        List<SseEvent> firstPart = read(id, null, 3);
        assertThat(firstPart).hasSize(3);
        List<SseEvent> rest = read(id, firstPart.getLast().id(), Integer.MAX_VALUE);
        List<SseEvent> whole = read(id, null, Integer.MAX_VALUE);

        List<SseEvent> joined = new ArrayList<>(firstPart);
        joined.addAll(rest);
        assertThat(joined).extracting(SseEvent::id).containsExactlyElementsOf(whole.stream().map(SseEvent::id).toList());
        assertThat(joined).extracting(SseEvent::id).doesNotHaveDuplicates();
        assertThat(whole.getFirst().type()).isEqualTo("queued");
        assertThat(whole.getLast().type()).isEqualTo("completed");

        StringBuilder streamed = new StringBuilder();
        whole.stream().filter(e -> e.type().equals("delta")).map(e -> json.readTree(e.data()).get("delta"))
                .map(d -> d.path("content").asString(""))
                .forEach(streamed::append);
        JsonNode job = json.readTree(get("/v1/jobs/" + id).body());
        assertThat(job.get("status").asString()).isEqualTo("completed");
        String finalText = job.get("result").get("response").get("choices").get(0).get("message").get("content")
                .asString();
        assertThat(streamed.toString()).isEqualTo(finalText);
    }

    @Test
    void anUnknownJobIsA404InTheOpenAiErrorShape() throws Exception {
        HttpResponse<String> response = get("/v1/jobs/no-such-job");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).get("error").get("message").asString()).contains("no-such-job");
    }

    /** Reads up to {@code max} events (the feed ends by itself after the terminal event), then disconnects. */
    private List<SseEvent> read(String id, String lastEventId, int max) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs/" + id + "/events"))
                .timeout(Duration.ofSeconds(60)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<SseEvent> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String eventId = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            String line;
            while (events.size() < max && (line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new SseEvent(eventId, type, data.toString()));
                    }
                    eventId = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    eventId = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        }
        return events;
    }
}
