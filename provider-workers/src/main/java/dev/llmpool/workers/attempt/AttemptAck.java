package dev.llmpool.workers.attempt;

/** How an attempt's record is settled once the attempt is over. Exactly one of the two is called. */
public interface AttemptAck {

    /** The record is done with: its outcome was published, or it was already done before. */
    void acknowledge();

    /** The record must be delivered again: its outcome could not be published. */
    void release();
}
