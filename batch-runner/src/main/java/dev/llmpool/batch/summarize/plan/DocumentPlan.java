package dev.llmpool.batch.summarize.plan;

import dev.llmpool.batch.summarize.text.Chunk;
import java.util.List;

/**
 * What will be done for one document, before any call.
 *
 * @param document     the document
 * @param key          its key in the run ({@link RunKeys#documentKey})
 * @param tokens       its text's tokens (the map model's tokenizer)
 * @param chunkBudget  the most tokens a chunk could have: the chunk size, or less when the map model's window
 *                     needs room for the prompt and the answer
 * @param chunks       its chunks
 * @param tree         how their summaries are combined
 * @param summaryLimit the most tokens of one summary a reduce request takes (longer ones are cut)
 */
public record DocumentPlan(Document document, String key, int tokens, int chunkBudget, List<Chunk> chunks,
                           ReduceTree tree, int summaryLimit) {

    public DocumentPlan {
        chunks = List.copyOf(chunks);
    }

    public String chunkText(int index) {
        return chunks.get(index).of(document.text());
    }

    /** Every call the document needs when none fails: its chunks and its reduce calls. */
    public int calls() {
        return chunks.size() + tree.reduceCalls();
    }
}
