package dev.llmpool.batch.summarize.run;

import dev.llmpool.batch.summarize.plan.DocumentPlan;
import dev.llmpool.batch.summarize.plan.NodeKey;
import dev.llmpool.batch.summarize.plan.ReduceTree;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One document's progress through its tree: which nodes are done (checkpointed ones from the start), which may
 * start (every input done), and the document's line once the root is done. A group of one takes its input's
 * summary as soon as it is there, without a call. Deterministic: the same checkpoints give the same next nodes and
 * the same line. Not thread-safe; the engine holds its lock.
 */
public final class DocumentRun {

    private final DocumentPlan plan;
    private final ReduceTree tree;
    private final Map<NodeKey, NodeResult> done = new TreeMap<>();
    private final Set<NodeKey> started = new HashSet<>();
    private final int checkpointed;

    public DocumentRun(DocumentPlan plan, Map<NodeKey, NodeResult> checkpoints) {
        this.plan = plan;
        this.tree = plan.tree();
        checkpoints.forEach((node, result) -> {
            if (exists(node) && !tree.carried(node)) {
                done.put(node, result);
            }
        });
        this.checkpointed = done.size();
        carry();
    }

    public DocumentPlan plan() {
        return plan;
    }

    /** Nodes that were checkpointed when the run began. */
    public int checkpointed() {
        return checkpointed;
    }

    /** The nodes that may start now (their inputs done), each returned once. */
    public List<NodeKey> ready() {
        List<NodeKey> ready = new ArrayList<>();
        for (int level = 0; level <= tree.depth(); level++) {
            for (int index = 0; index < tree.width(level); index++) {
                NodeKey node = new NodeKey(level, index);
                if (!done.containsKey(node) && !started.contains(node) && !tree.carried(node) && inputsDone(node)) {
                    started.add(node);
                    ready.add(node);
                }
            }
        }
        return ready;
    }

    public void complete(NodeKey node, NodeResult result) {
        if (!exists(node) || tree.carried(node)) {
            throw new IllegalArgumentException("no call is made for node " + node);
        }
        done.putIfAbsent(node, result);
        carry();
    }

    public boolean finished() {
        return done.containsKey(tree.root());
    }

    /** The summaries a reduce node combines, in order. */
    public List<String> inputs(NodeKey node) {
        if (node.level() == 0) {
            return List.of();
        }
        ReduceTree.Group group = tree.group(node);
        List<String> inputs = new ArrayList<>();
        for (int i = group.from(); i < group.to(); i++) {
            inputs.add(done.get(new NodeKey(node.level() - 1, i)).summary());
        }
        return inputs;
    }

    /** What an extractive summary of the node is made from: its chunk, or the summaries it combines. */
    public String source(NodeKey node) {
        return node.level() == 0 ? plan.chunkText(node.index()) : String.join("\n\n", inputs(node));
    }

    /** The document's line; only once {@link #finished()}. */
    public DocumentSummary summary() {
        if (!finished()) {
            throw new IllegalStateException("document " + plan.document().id() + " is not finished");
        }
        Usage usage = Usage.of(0, 0);
        double cost = 0;
        int calls = 0;
        int fallbackChunks = 0;
        int fallbackReduces = 0;
        Set<String> models = new TreeSet<>();
        List<DocumentSummary.Failure> failures = new ArrayList<>();
        for (Map.Entry<NodeKey, NodeResult> entry : done.entrySet()) {
            if (tree.carried(entry.getKey())) {
                continue;
            }
            NodeResult result = entry.getValue();
            calls++;
            usage = usage.plus(Usage.of(result.promptTokens(), result.completionTokens()));
            cost += result.costUsd();
            if (result.fallback()) {
                failures.add(new DocumentSummary.Failure(entry.getKey().toString(), result.error()));
                if (entry.getKey().level() == 0) {
                    fallbackChunks++;
                } else {
                    fallbackReduces++;
                }
            } else {
                models.add(result.model());
            }
        }
        return new DocumentSummary(plan.document().id(), plan.document().title(), done.get(tree.root()).summary(),
                tree.leaves(), tree.depth(), calls, List.copyOf(models), usage, Math.round(cost * 1e8) / 1e8,
                fallbackChunks + fallbackReduces > 0, fallbackChunks, fallbackReduces, failures);
    }

    private boolean inputsDone(NodeKey node) {
        if (node.level() == 0) {
            return true;
        }
        ReduceTree.Group group = tree.group(node);
        for (int i = group.from(); i < group.to(); i++) {
            if (!done.containsKey(new NodeKey(node.level() - 1, i))) {
                return false;
            }
        }
        return true;
    }

    /** Groups of one take their input's summary. */
    private void carry() {
        for (int level = 1; level <= tree.depth(); level++) {
            for (int index = 0; index < tree.width(level); index++) {
                NodeKey node = new NodeKey(level, index);
                if (tree.carried(node) && !done.containsKey(node)) {
                    NodeResult input = done.get(new NodeKey(level - 1, tree.group(node).from()));
                    if (input != null) {
                        done.put(node, input);
                    }
                }
            }
        }
    }

    private boolean exists(NodeKey node) {
        return node.level() >= 0 && node.level() <= tree.depth() && node.index() >= 0
                && node.index() < tree.width(node.level());
    }
}
