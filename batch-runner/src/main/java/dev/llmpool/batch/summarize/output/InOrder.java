package dev.llmpool.batch.summarize.output;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Hands outcomes on in input order, whatever order they end in: each waits until every earlier one has been handed
 * on. Thread-safe.
 */
public final class InOrder {

    private final Consumer<Outcome> next;
    private final Map<Long, Outcome> waiting = new TreeMap<>();
    private long expected;

    public InOrder(Consumer<Outcome> next) {
        this.next = next;
    }

    public synchronized void put(long sequence, Outcome outcome) {
        waiting.put(sequence, outcome);
        while (waiting.containsKey(expected)) {
            next.accept(waiting.remove(expected));
            expected++;
        }
    }

    /** Outcomes handed on so far. */
    public synchronized long handed() {
        return expected;
    }
}
