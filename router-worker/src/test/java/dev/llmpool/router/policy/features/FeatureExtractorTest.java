package dev.llmpool.router.policy.features;

import static dev.llmpool.router.policy.PolicyFixtures.TOKENS;
import static dev.llmpool.router.policy.PolicyFixtures.body;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.Priority;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    private final FeatureExtractor extractor = new FeatureExtractor(TOKENS);
    private final RouteNames routes = Set.of("auto", "fast")::contains;

    private Features extract(String json, Map<String, String> metadata) {
        return extractor.extract(body(json), new RequestContext(null, "acme", Priority.BATCH, metadata), routes);
    }

    @Test
    void tokensAndTheCompletionCap() {
        Features f = extract("{\"model\":\"auto\",\"max_tokens\":300,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hello world\"}]}", Map.of());
        assertThat(f.promptTokens()).isEqualTo(TOKENS.countPrompt(body("{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hello world\"}]}"), "auto"));
        assertThat(f.maxTokens()).isEqualTo(300);
        assertThat(extract("{\"model\":\"auto\",\"max_tokens\":300,\"max_completion_tokens\":200,\"messages\":[]}",
                Map.of()).maxTokens()).isEqualTo(200);
        assertThat(extract("{\"model\":\"auto\",\"messages\":[]}", Map.of()).maxTokens()).isNull();
    }

    @Test
    void turnsAreUserMessages() {
        Features f = extract("{\"model\":\"auto\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
                + "{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"c\"}]}]}", Map.of());
        assertThat(f.turns()).isEqualTo(2);
        assertThat(f.messages()).isEqualTo(4);
    }

    @Test
    void codeAndScriptComeFromEveryMessagesText() {
        Features code = extract("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Fix it:\\n```js\\nlet x = 1\\n```\"}]}", Map.of());
        assertThat(code.hasCode()).isTrue();
        assertThat(code.codeBlocks()).isEqualTo(1);
        assertThat(code.codeShare()).isEqualTo(0.5);
        assertThat(code.script()).isEqualTo(Script.LATIN);
        Features russian = extractor.extract(userSays("auto", "Кратко перескажи эту статью"),
                new RequestContext(null, null, null, Map.of()), routes);
        assertThat(russian.hasCode()).isFalse();
        assertThat(russian.script()).isEqualTo(Script.CYRILLIC);
        assertThat(russian.scriptShare()).isEqualTo(1.0);
    }

    @Test
    void toolsAndJsonOutput() {
        Features tools = extract("{\"model\":\"auto\",\"messages\":[],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"a\"}},{\"type\":\"function\",\"function\":{\"name\":\"b\"}}]}", Map.of());
        assertThat(tools.toolsRequested()).isTrue();
        assertThat(tools.toolCount()).isEqualTo(2);
        assertThat(tools.jsonRequested()).isFalse();
        Features object = extract("{\"model\":\"auto\",\"messages\":[],\"response_format\":{\"type\":\"json_object\"}}",
                Map.of());
        assertThat(object.jsonRequested()).isTrue();
        assertThat(object.jsonSchema()).isNull();
        Features schema = extract("{\"model\":\"auto\",\"messages\":[],\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\"}}}}", Map.of());
        assertThat(schema.jsonRequested()).isTrue();
        assertThat(schema.jsonSchema().path("type").asString()).isEqualTo("object");
        Features text = extract("{\"model\":\"auto\",\"messages\":[],\"response_format\":{\"type\":\"text\"}}", Map.of());
        assertThat(text.jsonRequested()).isFalse();
        assertThat(text.toolsRequested()).isFalse();
    }

    @Test
    void taskTenantPriorityAndSamplesComeFromTheEnvelope() {
        Features f = extract("{\"model\":\"auto\",\"n\":3,\"stream\":true,\"messages\":[]}",
                Map.of("task", " Summarize ", "team", "search"));
        assertThat(f.task()).isEqualTo("summarize");
        assertThat(f.tenant()).isEqualTo("acme");
        assertThat(f.priority()).isEqualTo(Priority.BATCH);
        assertThat(f.samples()).isEqualTo(3);
        assertThat(f.stream()).isTrue();
        assertThat(f.metadata()).containsEntry("team", "search");
        assertThat(extract("{\"model\":\"auto\",\"messages\":[]}", Map.of()).task()).isNull();
    }

    @Test
    void aNameThatIsNotARouteIsAPin() {
        assertThat(extract("{\"model\":\"gpt-4o\",\"messages\":[]}", Map.of()).modelPin()).isEqualTo("gpt-4o");
        assertThat(extract("{\"model\":\"auto\",\"messages\":[]}", Map.of()).modelPin()).isNull();
        assertThat(extract("{\"model\":\"fast\",\"messages\":[]}", Map.of()).modelPin()).isNull();
        assertThat(extract("{\"messages\":[]}", Map.of()).modelPin()).isNull();
    }

    @Test
    void theEnvelopesModelWinsOverTheBodys() {
        JobRequest job = JobRequest.builder().correlationId("j1").tenant("t1").priority(Priority.INTERACTIVE)
                .model("gpt-4o").body(userSays("auto", "hi")).metadata(Map.of("task", "chat")).build();
        Features f = extractor.extract(job.body(), RequestContext.of(job), routes);
        assertThat(f.requestedModel()).isEqualTo("gpt-4o");
        assertThat(f.modelPin()).isEqualTo("gpt-4o");
        assertThat(f.tenant()).isEqualTo("t1");
    }

    @Test
    void anEmptyBodyHasNeutralFeatures() {
        Features f = extractor.extract(null, new RequestContext(null, null, null, null), RouteNames.NONE);
        assertThat(f.promptTokens()).isZero();
        assertThat(f.messages()).isZero();
        assertThat(f.script()).isEqualTo(Script.NONE);
        assertThat(f.samples()).isEqualTo(1);
    }
}
