package dev.llmpool.workers.provider.sse;

/** A provider's stream decoder, fed one line of the response body at a time. */
public interface LineDecoder {

    /** Feeds one line; returns true once the stream's end marker was seen (the caller stops reading). */
    boolean line(String line);

    /** The body ended; throws when the answer is incomplete. */
    void end();
}
