package dev.llmpool.router.policy.features;

import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** Request body plus envelope context to {@link Features}. Pure: the same request always gives the same features. */
public final class FeatureExtractor {

    private final TokenCounter tokens;

    public FeatureExtractor(TokenCounter tokens) {
        this.tokens = tokens;
    }

    /**
     * @param routes which names mean a route; any other requested name is a pin on that model
     */
    public Features extract(ChatCompletionRequest body, RequestContext context, RouteNames routes) {
        List<ChatMessage> messages = body == null || body.messages() == null ? List.of() : body.messages();
        String requested = context.requestedModel() != null ? context.requestedModel()
                : body == null ? null : body.model();
        String pin = requested == null || routes.isRoute(requested) ? null : requested;
        int turns = (int) messages.stream().filter(m -> "user".equals(m.role())).count();
        String all = promptText(body);
        CodeProfile code = CodeProfile.of(all);
        ScriptProfile script = ScriptProfile.of(all);
        JsonNode tools = body == null ? null : body.tools();
        int toolCount = tools != null && tools.isArray() ? tools.size() : 0;
        JsonNode format = body == null ? null : body.responseFormat();
        String formatType = format == null ? null : format.path("type").asString(null);
        boolean json = "json_object".equals(formatType) || "json_schema".equals(formatType);
        JsonNode schema = "json_schema".equals(formatType) ? format.path("json_schema").get("schema") : null;
        String task = context.metadata().get("task");
        Features features = new Features(
                requested,
                pin,
                tokens.countPrompt(body, requested),
                body == null ? null : body.completionCap(),
                code.present(),
                code.share(),
                code.fencedBlocks(),
                script.dominant(),
                script.share(),
                turns,
                messages.size(),
                toolCount > 0,
                toolCount,
                json,
                schema == null || schema.isNull() ? null : schema,
                task == null ? null : task.trim().toLowerCase(Locale.ROOT),
                context.tenant(),
                context.priority(),
                body != null && body.streaming(),
                body == null || body.n() == null || body.n() < 1 ? 1 : body.n(),
                context.metadata(),
                null);
        PreScorer pre = routes.preScorer();
        return pre == null ? features : features.withPreScore(pre.score(all, features));
    }

    /** The messages' text, one message a line: what the pre-generation router reads of a prompt. */
    public static String promptText(ChatCompletionRequest body) {
        List<ChatMessage> messages = body == null || body.messages() == null ? List.of() : body.messages();
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : messages) {
            String t = message.text();
            if (!t.isEmpty()) {
                text.append(t).append('\n');
            }
        }
        return text.toString();
    }
}
