package dev.llmpool.batch.summarize.input;

import dev.llmpool.batch.summarize.plan.Document;

/** Documents, in the same order every time they are read. */
public interface DocumentSource {

    /** What reading finds. */
    interface Visitor {
        void document(Document document);

        /** An input that gives no document (not readable, not JSON, …), by the id it would have had. */
        void unreadable(String id, String error);
    }

    void read(Visitor visitor);
}
