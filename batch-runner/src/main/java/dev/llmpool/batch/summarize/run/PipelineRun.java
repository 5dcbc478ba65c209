package dev.llmpool.batch.summarize.run;

import dev.llmpool.batch.summarize.input.DocumentSource;
import dev.llmpool.batch.summarize.output.InOrder;
import dev.llmpool.batch.summarize.output.Outcome;
import dev.llmpool.batch.summarize.plan.Document;
import dev.llmpool.batch.summarize.plan.DocumentPlan;
import dev.llmpool.batch.summarize.plan.Estimate;
import dev.llmpool.batch.summarize.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * A run over a source of documents, in two readings: {@link #scan} plans every document (its key, its calls; the
 * dry run's estimate) without keeping its text, then {@link #execute} reads them again and summarizes at most
 * {@code parallel} at a time (so memory holds that many texts, not the whole input), handing every outcome on in
 * input order.
 */
public final class PipelineRun {

    private PipelineRun() {
    }

    /** A planned document, without its text. */
    public record Entry(String id, String key, int calls) {
    }

    /** What the first reading found. */
    public record Scan(List<Entry> documents, List<Outcome> refused, Estimate estimate) {

        public List<String> keys() {
            return documents.stream().map(Entry::key).toList();
        }

        public long calls() {
            return documents.stream().mapToLong(Entry::calls).sum();
        }
    }

    public static Scan scan(DocumentSource source, Planner planner) {
        List<Entry> documents = new ArrayList<>();
        List<Outcome> refused = new ArrayList<>();
        Estimate estimate = new Estimate(planner);
        source.read(new DocumentSource.Visitor() {
            @Override
            public void document(Document document) {
                try {
                    DocumentPlan plan = planner.plan(document);
                    estimate.add(plan);
                    documents.add(new Entry(document.id(), plan.key(), plan.calls()));
                } catch (IllegalArgumentException e) {
                    unreadable(document.id(), e.getMessage());
                }
            }

            @Override
            public void unreadable(String id, String error) {
                estimate.refuse(id, error);
                refused.add(Outcome.failed(id, error));
            }
        });
        return new Scan(documents, refused, estimate);
    }

    /** What an earlier run of the same key left: finished documents, and nodes of documents in progress. */
    public record Resumed(int finishedDocuments, long finishedCalls, int documentsInProgress, long nodes) {

        public boolean any() {
            return finishedDocuments > 0 || nodes > 0;
        }

        public long callsDone() {
            return finishedCalls + nodes;
        }
    }

    public static Resumed resumed(String run, Scan scan, Checkpoints checkpoints) {
        Set<String> finished = checkpoints.finishedDocuments(run);
        long finishedCalls = scan.documents().stream().filter(e -> finished.contains(e.key()))
                .mapToLong(Entry::calls).sum();
        int finishedDocuments = (int) scan.documents().stream().filter(e -> finished.contains(e.key())).count();
        Map<String, Long> nodes = checkpoints.nodeCounts(run, scan.keys().stream()
                .filter(k -> !finished.contains(k)).toList());
        return new Resumed(finishedDocuments, finishedCalls, nodes.size(),
                nodes.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Summarizes every document of the source; returns when all have an outcome. */
    public static void execute(String run, DocumentSource source, Planner planner, SummaryEngine engine,
                               int parallel, Consumer<Outcome> outcomes) throws InterruptedException {
        Semaphore window = new Semaphore(parallel);
        InOrder inOrder = new InOrder(outcomes);
        long[] sequence = {0};
        source.read(new DocumentSource.Visitor() {
            @Override
            public void document(Document document) {
                long at = sequence[0]++;
                DocumentPlan plan;
                try {
                    plan = planner.plan(document);
                } catch (IllegalArgumentException e) {
                    inOrder.put(at, Outcome.failed(document.id(), e.getMessage()));
                    return;
                }
                window.acquireUninterruptibly();
                engine.summarize(run, planner, plan).whenComplete((summary, error) -> {
                    try {
                        inOrder.put(at, error == null ? Outcome.summarized(summary)
                                : Outcome.failed(document.id(), "not summarized: " + error));
                    } finally {
                        window.release();
                    }
                });
            }

            @Override
            public void unreadable(String id, String error) {
                inOrder.put(sequence[0]++, Outcome.failed(id, error));
            }
        });
        window.acquire(parallel);
        window.release(parallel);
    }
}
