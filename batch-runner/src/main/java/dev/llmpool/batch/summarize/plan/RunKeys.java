package dev.llmpool.batch.summarize.plan;

import dev.llmpool.core.text.Digests;
import java.util.Collection;
import java.util.List;

/**
 * The names a run's work goes by. A run is keyed by the digest of its options (with the models they resolve to)
 * and of its documents' keys, so the same command on the same inputs finds its own checkpoints again, and changed
 * inputs or options start a new run. A document's key digests its id, title and text. A node's job id is derived
 * from all three, so publishing it again is a repeat the router ignores. Pure.
 */
public final class RunKeys {

    public static final String RUN_PREFIX = "sum_";

    private RunKeys() {
    }

    public static String documentKey(Document document) {
        return Digests.sha256Hex(document.id() + '\u0000' + (document.title() == null ? "" : document.title())
                + '\u0000' + document.text()).substring(0, 16);
    }

    public static String optionsKey(SummaryOptions options, StageModel map, StageModel reduce) {
        return Digests.sha256Hex(options.canonical() + "|" + map.canonical() + "|" + reduce.canonical())
                .substring(0, 16);
    }

    /** {@code sum_<20 hex>}: the options key and the documents' keys, in any order. */
    public static String runKey(String optionsKey, Collection<String> documentKeys) {
        List<String> sorted = documentKeys.stream().sorted().distinct().toList();
        return RUN_PREFIX + Digests.sha256Hex(optionsKey + "\n" + String.join("\n", sorted)).substring(0, 20);
    }

    /** {@code <run>.<document>.<level>.<index>}. */
    public static String jobId(String run, String documentKey, NodeKey node) {
        return run + "." + documentKey + "." + node;
    }

    /** Plausible as a run key (it names Redis keys). */
    public static boolean plausibleRun(String run) {
        return run != null && run.matches(RUN_PREFIX + "[0-9a-f]{20}");
    }
}
