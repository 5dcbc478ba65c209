package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmpool.core.routing.LiveRoutes;
import dev.llmpool.schemas.json.JsonCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The routing rules file rewritten while the whole pool runs: a good version is taken by the gateway (a new route
 * alias is accepted) and the router (which routes it) without a restart; a bad one is refused with a log line naming
 * the line at fault, and the rules before it keep routing. The file is put back after each test.
 */
@ExtendWith(OutputCaptureExtension.class)
class RulesReloadEndToEndIT extends WholePoolTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final JsonCodec json = new JsonCodec();

    @Autowired
    LiveRoutes routes;
    @Autowired
    MeterRegistry meters;

    @AfterEach
    void putTheRulesBack() throws Exception {
        Files.writeString(TestRoutes.file(), TestRoutes.TEXT);
        await().atMost(TIMEOUT).until(() -> routes.current().text().equals(TestRoutes.TEXT));
    }

    private HttpResponse<String> ask(String model) throws Exception {
        return post("/v1/chat/completions", json.toJson(Map.of("model", model, "messages",
                List.of(Map.of("role", "user", "content", "[sim:echo] The answer is " + UUID.randomUUID())))));
    }

    private double reloads(String outcome) {
        return meters.get("llmpool.routing.reloads").tag("outcome", outcome).counter().count();
    }

    @Test
    void aGoodChangeIsTakenByGatewayAndRouterAndABadOneIsRefusedWhileTheOldRulesKeepRouting(CapturedOutput output)
            throws Exception {
        HttpResponse<String> unknown = ask("checked-live");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);

        double applied = reloads("applied");
        String good = TestRoutes.TEXT.replace("aliases: [checked]", "aliases: [checked, checked-live]");
        Files.writeString(TestRoutes.file(), good);
        await().atMost(TIMEOUT).until(() -> reloads("applied") > applied);

        HttpResponse<String> live = ask("checked-live");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(live.headers().firstValue("x-llmpool-route")).hasValueSatisfying(route ->
                assertThat(route).startsWith("route=checked; by=alias:checked-live; tiers=gpt-4o-mini:1.00"));
        assertThat(get("/v1/models/checked-live").statusCode()).isEqualTo(200);

        double refused = reloads("refused");
        String bad = good.replace("aliases: [checked, checked-live]", "aliases: [checked, checked-live, checked-bad]")
                .replace("      - model: gpt-4o\n", "      - model: gpt-5\n");
        int badLine = bad.substring(0, bad.indexOf("model: gpt-5")).split("\n", -1).length;
        Files.writeString(TestRoutes.file(), bad);
        // the watcher may catch the file mid-write (truncated, so empty) and refuse that first; it reads it again
        String refusal = TestRoutes.file() + " line " + badLine + ": model 'gpt-5' is not in the catalog";
        await().atMost(TIMEOUT).until(() -> output.getAll().contains(refusal));
        assertThat(reloads("refused")).isGreaterThan(refused);
        assertThat(routes.current().text()).isEqualTo(good);
        HttpResponse<String> refusedAlias = ask("checked-bad");
        assertThat(refusedAlias.statusCode()).as("the gateway kept the old aliases: %s", refusedAlias.body())
                .isEqualTo(404);
        HttpResponse<String> stillLive = ask("checked-live");
        assertThat(stillLive.statusCode()).as(stillLive.body()).isEqualTo(200);
        assertThat(stillLive.headers().firstValue("x-llmpool-route")).hasValueSatisfying(route ->
                assertThat(route).startsWith("route=checked; by=alias:checked-live"));
    }
}
