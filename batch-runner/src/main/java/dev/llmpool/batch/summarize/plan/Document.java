package dev.llmpool.batch.summarize.plan;

/**
 * One document to summarize.
 *
 * @param id     its id in the output (a file's path relative to the input folder, a JSONL line's {@code id}, …)
 * @param title  what the prompts call it (a file name, an HTML or PDF title), or null
 * @param text   its text
 */
public record Document(String id, String title, String text) {

    public Document {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a document needs an id");
        }
        text = text == null ? "" : text;
    }

    /** The title the prompts use: the title, else the id. */
    public String name() {
        return title == null || title.isBlank() ? id : title;
    }
}
