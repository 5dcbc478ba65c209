package dev.llmpool.batch.summarize.plan;

import dev.llmpool.batch.summarize.text.Chunk;
import dev.llmpool.batch.summarize.text.Chunker;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.util.List;

/**
 * Plans a document (its chunks and reduce tree) and builds each node's request, so that no request can exceed its
 * model's window: a chunk is at most the map model's window less the prompt and the answer's room; a reduce request
 * takes at most {@code fanIn} summaries, each cut to {@code summaryLimit} tokens (a summary's answer cap plus an
 * eighth, for tokenizers that count differently), which with its prompt and answer room fits the reduce model's
 * window and the reduce input limit. Pure.
 */
public final class Planner {

    /** Tokens kept free in every request beyond what is counted (part numbers, tokenizer merges at joins). */
    static final int MARGIN = 16;
    /** Tokens the numbering of one summary in a reduce request takes ({@code \n\n[12]\n}). */
    static final int PER_SUMMARY = 8;

    private final SummaryOptions options;
    private final StageModel map;
    private final StageModel reduce;
    private final TokenCounter tokens;
    private final Prompts prompts;

    /** @throws IllegalArgumentException when the answer caps exceed what the stages' models write */
    public Planner(SummaryOptions options, StageModel map, StageModel reduce, TokenCounter tokens) {
        this.options = options;
        this.map = map;
        this.reduce = reduce;
        this.tokens = tokens;
        this.prompts = new Prompts(options);
        check(map, "map", Math.max(options.chunkSummaryTokens(), options.finalAnswerTokens()));
        check(reduce, "reduce", Math.max(options.chunkSummaryTokens(), options.finalAnswerTokens()));
    }

    private static void check(StageModel stage, String name, int answer) {
        if (answer > stage.completionLimit()) {
            throw new IllegalArgumentException("the " + name + " model `" + stage.requested() + "` writes at most "
                    + stage.completionLimit() + " tokens per answer; the summaries ask for " + answer);
        }
    }

    public SummaryOptions options() {
        return options;
    }

    public StageModel map() {
        return map;
    }

    public StageModel reduce() {
        return reduce;
    }

    /** @throws IllegalArgumentException when the document has no text or the models leave no room for it */
    public DocumentPlan plan(Document document) {
        if (document.text().isBlank()) {
            throw new IllegalArgumentException("the document has no text");
        }
        String title = document.name();
        int mapAnswer = Math.max(options.chunkSummaryTokens(), options.finalAnswerTokens());
        int mapOverhead = Math.max(count(prompts.map(map.requested(), title, 99_999, 99_999, ""), map),
                count(prompts.single(map.requested(), title, ""), map)) + MARGIN;
        int chunkBudget = Math.min(options.chunkTokens(), map.contextWindow() - mapOverhead - mapAnswer);
        if (chunkBudget < 64) {
            throw new IllegalArgumentException("the map model's window (" + map.contextWindow() + " tokens) leaves "
                    + "no room for a chunk after the prompt (" + mapOverhead + ") and the answer (" + mapAnswer + ")");
        }
        int overlap = Math.min(options.overlapTokens(), chunkBudget / 2 - 1);
        List<Chunk> chunks = new Chunker(text -> tokens.count(text, map.tokenizerModel()), chunkBudget, overlap)
                .chunks(document.text());
        int summaryLimit = options.chunkSummaryTokens() + options.chunkSummaryTokens() / 8;
        int reduceAnswer = Math.max(options.chunkSummaryTokens(), options.finalAnswerTokens());
        int reduceOverhead = Math.max(count(prompts.combine(reduce.requested(), title, 99_999, 99_999, List.of()),
                reduce), count(prompts.finish(reduce.requested(), title, List.of()), reduce)) + MARGIN;
        int room = Math.min(options.reduceInputTokens(), reduce.contextWindow() - reduceOverhead - reduceAnswer);
        int fanIn = room / (summaryLimit + PER_SUMMARY);
        if (fanIn < 2) {
            throw new IllegalArgumentException("the reduce model's window (" + reduce.contextWindow() + " tokens) "
                    + "cannot take two summaries of " + summaryLimit + " tokens with its prompt and answer");
        }
        return new DocumentPlan(document, RunKeys.documentKey(document),
                tokens.count(document.text(), map.tokenizerModel()), chunkBudget, chunks,
                ReduceTree.of(chunks.size(), fanIn), summaryLimit);
    }

    /**
     * The request of a node that makes a call (not a carried one).
     *
     * @param inputs the summaries of the node's group, in order (none for a chunk)
     */
    public ChatCompletionRequest request(DocumentPlan plan, NodeKey node, List<String> inputs) {
        String title = plan.document().name();
        ReduceTree tree = plan.tree();
        if (node.level() == 0) {
            return tree.depth() == 0 ? prompts.single(map.requested(), title, plan.chunkText(0))
                    : prompts.map(map.requested(), title, node.index() + 1, tree.leaves(),
                    plan.chunkText(node.index()));
        }
        List<String> cut = inputs.stream().map(s -> tokens.truncate(s, plan.summaryLimit(),
                reduce.tokenizerModel())).toList();
        if (node.equals(tree.root())) {
            return prompts.finish(reduce.requested(), title, cut);
        }
        int[] range = tree.leafRange(node);
        return prompts.combine(reduce.requested(), title, range[0] + 1, range[1] + 1, cut);
    }

    /** The stage a node's call belongs to. */
    public StageModel stage(NodeKey node) {
        return node.level() == 0 ? map : reduce;
    }

    /** A node's answer cap. */
    public int answerTokens(DocumentPlan plan, NodeKey node) {
        return node.equals(plan.tree().root()) ? options.finalAnswerTokens() : options.chunkSummaryTokens();
    }

    /** Prompt tokens of a request as the pool counts them for its stage's model. */
    public int promptTokens(ChatCompletionRequest request, StageModel stage) {
        return count(request, stage);
    }

    private int count(ChatCompletionRequest request, StageModel stage) {
        return tokens.countPrompt(request, stage.tokenizerModel());
    }
}
