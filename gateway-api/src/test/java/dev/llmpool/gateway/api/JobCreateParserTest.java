package dev.llmpool.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobCreateParserTest {

    private final ChatRequestValidator validator = new ChatRequestValidator(new JsonCodec(), new CatalogLoader().parse("""
            models:
              - id: gpt-4o-mini
                provider: openai
                context_window: 128000
              - id: local-llama
                provider: local
                context_window: 8192
            """));
    private final JobCreateParser parser = new JobCreateParser(validator);

    private JobCreateParser.JobCreate parse(String json) {
        return parser.parse(validator.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void defaultsAreInteractiveAutoCacheNoTimeoutAndStreamedTokens() {
        JobCreateParser.JobCreate create = parse("""
                {"body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}}""");

        assertThat(create.priority()).isEqualTo(Priority.INTERACTIVE);
        assertThat(create.cache()).isEqualTo(CacheControl.AUTO);
        assertThat(create.timeout()).isNull();
        assertThat(create.streamTokens()).isTrue();
        assertThat(create.metadata()).isEmpty();
        assertThat(create.model()).isNull();
    }

    @Test
    void everyFieldIsRead() {
        JobCreateParser.JobCreate create = parse("""
                {"model":"local-llama","body":{"messages":[{"role":"user","content":"x"}]},"metadata":{"doc":"7"},
                 "priority":"batch","timeout_ms":1500,"cache":{"mode":"bypass","ttl_seconds":60},"stream_tokens":false}""");

        assertThat(create.chat().model().id()).isEqualTo("local-llama");
        assertThat(create.model()).isEqualTo("local-llama");
        assertThat(create.metadata()).containsEntry("doc", "7");
        assertThat(create.priority()).isEqualTo(Priority.BATCH);
        assertThat(create.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(create.cache()).isEqualTo(new CacheControl(CacheControl.Mode.BYPASS, 60L));
        assertThat(create.streamTokens()).isFalse();
    }

    @Test
    void badFieldsAreA400NamingThem() {
        String body = "\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertParam("{" + body + ",\"timeout\":5}", "timeout");
        assertParam("{" + body + ",\"metadata\":{\"n\":1}}", "metadata.n");
        assertParam("{" + body + ",\"priority\":\"urgent\"}", "priority");
        assertParam("{" + body + ",\"timeout_ms\":0}", "timeout_ms");
        assertParam("{" + body + ",\"cache\":{\"mode\":\"sometimes\"}}", "cache.mode");
        assertParam("{" + body + ",\"stream_tokens\":\"yes\"}", "stream_tokens");
        assertParam("{}", "body");
        assertParam("{\"body\":{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}", "body.model");
    }

    @Test
    void optionsPastTheJobSchemasLimitsAreA400NotAJobTheRouterWouldRefuse() {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertThat(parse("{\"body\":" + body + ",\"cache\":{\"ttl_seconds\":2592000}}").cache().ttlSeconds())
                .isEqualTo(2_592_000L);
        assertThatThrownBy(() -> parse("{\"body\":" + body + ",\"cache\":{\"ttl_seconds\":9223372036854775807}}"))
                .isInstanceOf(ApiException.class).hasMessageContaining("cache.ttl_seconds");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertThatThrownBy(() -> parse("{\"body\":" + body + ",\"metadata\":" + many + "}}"))
                .isInstanceOf(ApiException.class).hasMessageContaining("at most 64 entries");
        assertThatThrownBy(() -> parse("{\"body\":" + body + ",\"metadata\":{\"" + "k".repeat(129) + "\":\"v\"}}"))
                .isInstanceOf(ApiException.class).hasMessageContaining("metadata");
        assertThatThrownBy(() -> parse("{\"body\":" + body + ",\"metadata\":{\"k\":\"" + "v".repeat(4097) + "\"}}"))
                .isInstanceOf(ApiException.class).hasMessageContaining("metadata.k");
    }

    @Test
    void aPlainChatBodyIsAJobWithTheEnvelopesDefaults() {
        JobCreateParser.JobCreate plain = parse("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"metadata":{"k":"v"},
                 "temperature":0.5}""");
        JobCreateParser.JobCreate envelope = parse("""
                {"body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}}""");

        assertThat(plain.chat().model().id()).isEqualTo("gpt-4o-mini");
        assertThat(plain.chat().body().temperature()).isEqualTo(0.5);
        assertThat(plain.chat().body().extra()).containsKey("metadata");
        assertThat(plain.metadata()).isEmpty();
        assertThat(plain.model()).isNull();
        assertThat(plain.priority()).isEqualTo(envelope.priority());
        assertThat(plain.cache()).isEqualTo(envelope.cache());
        assertThat(plain.timeout()).isEqualTo(envelope.timeout());
        assertThat(plain.streamTokens()).isEqualTo(envelope.streamTokens());
    }

    @Test
    void aPlainChatBodyIsCheckedAsOneWithItsOwnParameterNames() {
        assertParam("{\"model\":\"gpt-4o-mini\",\"messages\":[]}", "messages");
        assertParam("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model");
    }

    @Test
    void aJobOptionBesideAPlainChatBodyIsA400PointingToTheEnvelope() {
        String chat = "\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        for (String option : new String[] {"\"priority\":\"batch\"", "\"timeout_ms\":5000",
                "\"cache\":{\"mode\":\"bypass\"}", "\"stream_tokens\":false"}) {
            String name = option.substring(1, option.indexOf('"', 1));
            assertThatThrownBy(() -> parse("{" + chat + "," + option + "}"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.body().error().param()).isEqualTo(name);
                        assertThat(e.body().error().message()).contains("\"body\"");
                    });
        }
    }

    @Test
    void anObjectWithBothMessagesAndBodyIsAmbiguous() {
        assertThatThrownBy(() -> parse("""
                {"messages":[{"role":"user","content":"x"}],"body":{"model":"gpt-4o-mini",
                 "messages":[{"role":"user","content":"x"}]}}""")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.body().error().code()).isEqualTo("ambiguous_request");
        });
    }

    private void assertParam(String json, String param) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.body().error().param()).isEqualTo(param);
        });
    }
}
