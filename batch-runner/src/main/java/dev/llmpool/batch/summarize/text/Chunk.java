package dev.llmpool.batch.summarize.text;

/**
 * One chunk of a document: {@code text.substring(start, end)}, {@code tokens} long for the model that reads it.
 *
 * @param index its place among the document's chunks, from 0
 */
public record Chunk(int index, int start, int end, int tokens) {

    public String of(String text) {
        return text.substring(start, end);
    }
}
