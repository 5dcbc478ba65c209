package dev.llmpool.launcher.fuzz;

/** Where a record is: what a dead letter names in its {@code llmpool-dlt-original-*} headers. */
public record Coordinates(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + ":" + partition + ":" + offset;
    }
}
