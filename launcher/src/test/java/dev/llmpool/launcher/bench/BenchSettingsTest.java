package dev.llmpool.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    private static BenchSettings settings(BenchMode mode, boolean stream, int requests, List<Long> pids) {
        return new BenchSettings(mode, "http://127.0.0.1:8080/v1", "127.0.0.1:9092", " ",
                new Prompts("gpt-4o-mini", 0), new LoadPlan(requests, 1, 0), 0, stream, pids, Duration.ofSeconds(1), null);
    }

    @Test
    void overKafkaStreamingAsksTheWorkersToStreamTokens() {
        assertThat(settings(BenchMode.KAFKA, true, 1, List.of()).stream()).isTrue();
        assertThat(KafkaTarget.envelope("bench-2", new Prompts("gpt-4o-mini", 0), true))
                .contains("\"stream_tokens\":true");
        assertThat(KafkaTarget.envelope("bench-2", new Prompts("gpt-4o-mini", 0), false))
                .doesNotContain("stream_tokens");
    }

    @Test
    void aBlankDirectUrlSkipsTheCalibration() {
        BenchSettings settings = settings(BenchMode.KAFKA, false, 1, List.of(1L));
        assertThat(settings.calibrates()).isFalse();
        assertThat(settings.poolName()).isEqualTo("kafka");
    }

    @Test
    void nothingToMeasureOrABadPidIsRejected() {
        assertThatThrownBy(() -> settings(BenchMode.HTTP, false, 0, List.of()))
                .hasMessageContaining("--requests");
        assertThatThrownBy(() -> settings(BenchMode.HTTP, false, 1, List.of(0L))).hasMessageContaining("--pid");
    }

    @Test
    void everyCallAsksSomethingNewSoNoCacheAnswers() {
        Prompts prompts = new Prompts("gpt-4o-mini", 64);
        assertThat(prompts.body(false)).isNotEqualTo(prompts.body(false)).contains("\"max_tokens\":64");
        assertThat(new Prompts("gpt-4o-mini", 0).body(true)).contains("\"stream\":true").doesNotContain("max_tokens");
    }

    @Test
    void aRepeatedRequestIsDeterministicSoTheCacheCanAnswerIt() {
        Prompts prompts = new Prompts("gpt-4o-mini", 0, true);
        assertThat(prompts.body(false)).isEqualTo(prompts.body(false)).contains("\"temperature\":0");
    }

    @Test
    void theKafkaEnvelopeSatisfiesTheJobRequestSchema() {
        String json = KafkaTarget.envelope("bench-1", new Prompts("gpt-4o-mini", 16), true);
        JobRequest request = new EnvelopeReader(new JsonCodec()).read(json.getBytes(StandardCharsets.UTF_8),
                Envelope.JOB_REQUEST, JobRequest.class);
        assertThat(request.correlationId()).isEqualTo("bench-1");
        assertThat(request.requestedModel()).isEqualTo("gpt-4o-mini");
        assertThat(request.streamsTokens()).isTrue();
    }

    @Test
    void contentFramesAreRecognised() {
        assertThat(HttpTarget.carriesContent("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}")).isTrue();
        assertThat(HttpTarget.carriesContent("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"))
                .isFalse();
        assertThat(HttpTarget.carriesContent(": keep-alive")).isFalse();
    }
}
