package dev.llmpool.router.policy;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.router.policy.features.FeatureExtractor;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.features.RequestContext;
import dev.llmpool.router.policy.features.RouteNames;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.rules.RoutingRules;
import dev.llmpool.router.policy.rules.RulesParser;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Shared test data: the replay fixture's catalog and rules, one token counter (loading encodings takes a while). */
public final class PolicyFixtures {

    public static final Path REPLAY = Path.of("src/test/resources/replay");
    public static final TokenCounter TOKENS = new TokenCounter();
    public static final JsonCodec JSON = new JsonCodec();
    public static final ModelCatalog CATALOG = new CatalogLoader().parse(read(REPLAY.resolve("catalog.yml")));
    public static final RoutingRules RULES = new RulesParser(CATALOG).parse(read(REPLAY.resolve("rules.yml")),
            "rules.yml");

    private PolicyFixtures() {
    }

    public static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ChatCompletionRequest body(String json) {
        return JSON.fromJson(json, ChatCompletionRequest.class);
    }

    /** A body with one user message. */
    public static ChatCompletionRequest userSays(String model, String text) {
        return body("{\"model\":" + JSON.toJson(model) + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + JSON.toJson(text) + "}]}");
    }

    public static Features features(ChatCompletionRequest body, Map<String, String> metadata, RouteNames routes) {
        return new FeatureExtractor(TOKENS).extract(body, new RequestContext(null, "acme", null, metadata), routes);
    }

    public static Features features(ChatCompletionRequest body, Map<String, String> metadata) {
        return features(body, metadata, RULES);
    }
}
