package dev.llmpool.launcher.dlq;

/**
 * A record's place in Kafka, written {@code <topic>:<partition>:<offset>} (topic names cannot hold a colon).
 */
public record Coordinates(String topic, int partition, long offset) {

    public Coordinates {
        if (topic == null || topic.isBlank() || topic.contains(":")) {
            throw new IllegalArgumentException("bad topic name: " + topic);
        }
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must not be negative");
        }
    }

    /** Parses {@code <topic>:<partition>:<offset>}. */
    public static Coordinates parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected <topic>:<partition>:<offset>, got '" + text + "'");
        }
        try {
            return new Coordinates(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected <topic>:<partition>:<offset> with numbers, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return topic + ":" + partition + ":" + offset;
    }
}
