package dev.llmpool.router.policy.replay;

import dev.llmpool.router.policy.features.RequestContext;
import dev.llmpool.router.policy.scoring.TokenLogprob;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an outcomes file: one JSON object per line,
 * {@code {"id","request":{<OpenAI chat body>},"metadata":{…},"outcomes":{"<catalog model id>":{"content",
 * "finish_reason","logprobs":[{"token","logprob"}],"usage":{"prompt_tokens","completion_tokens"},"correct"}}}}.
 * Optional extras: top-level {@code tenant} and {@code priority}; per outcome {@code refusal},
 * {@code judge_score} and {@code samples: [{"content","logprobs"}, …]}, the n answers of a request sampled several
 * times (beside or instead of {@code content}: the answer returned is {@code content}, else the first sample), which
 * the {@code agreement} scorer reads as it reads n choices live. Lines end at {@code \n} only (a trailing {@code \r} is dropped), so JSON holding a raw U+2028
 * or U+0085 stays whole. Blank lines and lines starting with {@code #} are skipped. A bad line is an
 * {@link IllegalArgumentException} naming it.
 */
public final class ReplayReader {

    private final JsonMapper mapper = JsonMapper.builder().build();

    public List<ReplayCase> read(String text, String source) {
        List<ReplayCase> cases = new ArrayList<>();
        // JSON lines end at \n alone: a string may hold a raw U+2028 or U+0085 (json.dumps(ensure_ascii=False))
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                cases.add(parse(mapper.readTree(line), i + 1));
            } catch (JacksonException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getOriginalMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return cases;
    }

    private ReplayCase parse(JsonNode node, int line) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode request = node.get("request");
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("'request' must be an OpenAI chat body");
        }
        JsonNode outcomes = node.get("outcomes");
        if (outcomes == null || !outcomes.isObject()) {
            throw new IllegalArgumentException("'outcomes' must be an object keyed by catalog model id");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = node.path("metadata");
        for (var entry : meta.properties()) {
            metadata.put(entry.getKey(), entry.getValue().isString() ? entry.getValue().asString()
                    : entry.getValue().toString());
        }
        Map<String, RecordedOutcome> byModel = new LinkedHashMap<>();
        for (var entry : outcomes.properties()) {
            byModel.put(entry.getKey(), outcome(entry.getKey(), entry.getValue()));
        }
        ChatCompletionRequest body = mapper.treeToValue(request, ChatCompletionRequest.class);
        String priority = node.path("priority").asString(null);
        RequestContext context = new RequestContext(node.path("model").asString(null),
                node.path("tenant").asString(null), priority == null ? null : Priority.parse(priority), metadata);
        String id = node.path("id").asString("line-" + line);
        return new ReplayCase(id, body, context, byModel, line);
    }

    private static RecordedOutcome outcome(String model, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("outcome of " + model + " must be an object");
        }
        List<TokenLogprob> logprobs = logprobs(model, node.get("logprobs"));
        List<RecordedOutcome.Sample> samples = new ArrayList<>();
        JsonNode list = node.get("samples");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new IllegalArgumentException("samples of " + model + " must be a list");
            }
            for (JsonNode sample : list) {
                if (!sample.isObject() || !sample.path("content").isString()) {
                    throw new IllegalArgumentException("a sample of " + model + " needs a text 'content'");
                }
                samples.add(new RecordedOutcome.Sample(sample.get("content").asString(),
                        logprobs(model, sample.get("logprobs"))));
            }
        }
        Usage usage = null;
        JsonNode u = node.get("usage");
        if (u != null && u.isObject()) {
            usage = Usage.of(u.path("prompt_tokens").asInt(0), u.path("completion_tokens").asInt(0));
        }
        JsonNode correct = node.get("correct");
        if (correct != null && !correct.isNull() && !correct.isBoolean()) {
            throw new IllegalArgumentException("correct of " + model + " must be true or false");
        }
        JsonNode judge = node.get("judge_score");
        return RecordedOutcomeBuilder.builder().content(node.path("content").isString() ? node.get("content").asString()
                        : samples.isEmpty() ? "" : null)
                .finishReason(node.path("finish_reason").asString(null)).refusal(node.path("refusal").asString(null))
                .logprobs(logprobs).usage(usage).correct(correct == null || correct.isNull() ? null
                        : correct.booleanValue())
                .judgeScore(judge == null || !judge.isNumber() ? null : Math.max(0, Math.min(1, judge.doubleValue())))
                .samples(samples).build();
    }

    private static List<TokenLogprob> logprobs(String model, JsonNode lps) {
        List<TokenLogprob> logprobs = new ArrayList<>();
        if (lps != null && !lps.isNull()) {
            if (!lps.isArray()) {
                throw new IllegalArgumentException("logprobs of " + model + " must be a list");
            }
            for (JsonNode lp : lps) {
                if (!lp.path("logprob").isNumber()) {
                    throw new IllegalArgumentException("a logprob of " + model + " has no number 'logprob'");
                }
                logprobs.add(new TokenLogprob(lp.path("token").asString(""), lp.get("logprob").doubleValue()));
            }
        }
        return logprobs;
    }
}
