package dev.llmpool.batch.summarize.plan;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dry run: what a pipeline will call and what it may cost, from the plans alone (no provider, no Kafka).
 * Calls are exact when no call fails (the tree's shape is known in advance). A map prompt's tokens are counted
 * exactly; the answers, and so the reduce prompts made of them, are estimated as a share of their caps: a quarter
 * (low), three quarters (expected) or all of it (high). Costs use the catalog's prices: low on the cheapest model a
 * stage may reach, expected on the model that answers when nothing goes wrong, high on every model of its ladder
 * in turn (a route escalating through all its tiers).
 */
public final class Estimate {

    static final double LOW = 0.25;
    static final double EXPECTED = 0.75;

    private final Planner planner;
    private int documents;
    private final List<String> refused = new ArrayList<>();
    private long tokens;
    private long chunks;
    private int singleCall;
    private int deepest;
    private long mapCalls;
    private final Map<Integer, Long> reduceCalls = new TreeMap<>();
    private final Map<String, Long> callsByModel = new TreeMap<>();
    private long promptTokens;
    private long completionTokens;
    private final double[] cost = new double[3];

    public Estimate(Planner planner) {
        this.planner = planner;
    }

    /** A document that could not be planned (no text, unreadable): named in the report. */
    public void refuse(String id, String reason) {
        refused.add(id + ": " + reason);
    }

    public void add(DocumentPlan plan) {
        documents++;
        tokens += plan.tokens();
        chunks += plan.chunks().size();
        ReduceTree tree = plan.tree();
        if (tree.depth() == 0) {
            singleCall++;
        }
        deepest = Math.max(deepest, tree.depth());
        double[][] out = new double[tree.depth() + 1][];
        out[0] = new double[tree.leaves() * 3];
        for (int i = 0; i < tree.leaves(); i++) {
            NodeKey node = new NodeKey(0, i);
            int prompt = planner.promptTokens(planner.request(plan, node, List.of()), planner.map());
            out[0] = call(plan, node, planner.map(), new double[] {prompt, prompt, prompt}, out[0], i);
            mapCalls++;
        }
        int overhead = tree.depth() == 0 ? 0
                : planner.promptTokens(planner.request(plan, tree.root(), List.of()), planner.reduce());
        for (int level = 1; level <= tree.depth(); level++) {
            out[level] = new double[tree.width(level) * 3];
            for (int g = 0; g < tree.width(level); g++) {
                NodeKey node = new NodeKey(level, g);
                ReduceTree.Group group = tree.group(node);
                if (group.size() == 1) {
                    System.arraycopy(out[level - 1], group.from() * 3, out[level], g * 3, 3);
                    continue;
                }
                double[] prompt = new double[3];
                for (int s = 0; s < 3; s++) {
                    prompt[s] = overhead + Planner.PER_SUMMARY * group.size();
                    for (int i = group.from(); i < group.to(); i++) {
                        prompt[s] += Math.min(out[level - 1][i * 3 + s], plan.summaryLimit());
                    }
                }
                out[level] = call(plan, node, planner.reduce(), prompt, out[level], g);
                reduceCalls.merge(level, 1L, Long::sum);
            }
        }
    }

    /** Records one call's tokens and costs; its answer lengths go to {@code out[index*3 …]}. */
    private double[] call(DocumentPlan plan, NodeKey node, StageModel stage, double[] prompt, double[] out,
                          int index) {
        int cap = planner.answerTokens(plan, node);
        double[] answer = {cap * LOW, cap * EXPECTED, cap};
        out[index * 3] = answer[0];
        out[index * 3 + 1] = answer[1];
        out[index * 3 + 2] = answer[2];
        callsByModel.merge(stage.expected().id(), 1L, Long::sum);
        promptTokens += Math.round(prompt[1]);
        completionTokens += Math.round(answer[1]);
        cost[0] += price(stage.cheapest(), prompt[0], answer[0]);
        cost[1] += price(stage.expected(), prompt[1], answer[1]);
        for (CatalogModel model : stage.ladder()) {
            cost[2] += price(model, prompt[2], answer[2]);
        }
        return out;
    }

    private static double price(CatalogModel model, double prompt, double completion) {
        return model.price().cost(Usage.of((int) Math.round(prompt), (int) Math.round(completion)));
    }

    public int documents() {
        return documents;
    }

    public List<String> refused() {
        return List.copyOf(refused);
    }

    public long tokens() {
        return tokens;
    }

    public long chunks() {
        return chunks;
    }

    public long mapCalls() {
        return mapCalls;
    }

    /** Reduce calls by level (1 up). */
    public Map<Integer, Long> reduceCalls() {
        return Map.copyOf(reduceCalls);
    }

    public long calls() {
        return mapCalls + reduceCalls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Calls by the model expected to answer them. */
    public Map<String, Long> callsByModel() {
        return Map.copyOf(callsByModel);
    }

    public double costLow() {
        return cost[0];
    }

    public double costExpected() {
        return cost[1];
    }

    public double costHigh() {
        return cost[2];
    }

    /** The report the dry run prints. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        StageModel map = planner.map();
        StageModel reduce = planner.reduce();
        SummaryOptions o = planner.options();
        lines.add("documents      " + documents + (refused.isEmpty() ? "" : " (+" + refused.size() + " refused)")
                + ", " + singleCall + " short enough for one call");
        lines.add("tokens         " + tokens + " (" + map.tokenizerModel() + " tokenizer)");
        lines.add("chunks         " + chunks + " (at most " + o.chunkTokens() + " tokens, overlap "
                + o.overlapTokens() + ")");
        lines.add("map            " + describe(map));
        lines.add("reduce         " + describe(reduce));
        lines.add("calls          " + calls() + ": map " + mapCalls + ", reduce " + (calls() - mapCalls)
                + (reduceCalls.isEmpty() ? "" : " " + reduceCalls.toString().replace("{", "(level ")
                .replace("}", ")").replace("=", ": ").replace(", ", ", level ")) + ", deepest tree "
                + deepest + " reduce level" + (deepest == 1 ? "" : "s"));
        StringBuilder models = new StringBuilder();
        new TreeMap<>(callsByModel).forEach((model, calls) -> models.append(models.isEmpty() ? "" : ", ")
                .append(model).append(' ').append(calls));
        lines.add("calls by model " + models);
        lines.add("tokens (exp.)  " + promptTokens + " prompt, " + completionTokens + " completion");
        lines.add(String.format(Locale.ROOT, "cost (USD)     low %.4f  expected %.4f  high %.4f", cost[0], cost[1],
                cost[2]));
        refused.forEach(r -> lines.add("refused        " + r));
        return lines;
    }

    private static String describe(StageModel stage) {
        String models = String.join(" → ", stage.ladder().stream().map(CatalogModel::id).toList());
        return stage.requested() + " (" + stage.kind() + ": " + models + ", window " + stage.contextWindow() + ")";
    }
}
