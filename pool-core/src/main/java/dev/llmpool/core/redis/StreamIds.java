package dev.llmpool.core.redis;

/** Redis stream entry ids ({@code <ms>-<seq>}) compared as numbers, not strings. */
public final class StreamIds {

    /** The id before every entry: reading after it reads from the start. */
    public static final String START = "0-0";

    private StreamIds() {
    }

    public static int compare(String a, String b) {
        long[] x = parse(a);
        long[] y = parse(b);
        int c = Long.compare(x[0], y[0]);
        return c != 0 ? c : Long.compare(x[1], y[1]);
    }

    /** True when the text is a complete stream id. */
    public static boolean valid(String id) {
        if (id == null) {
            return false;
        }
        return id.matches("\\d{1,19}-\\d{1,19}");
    }

    private static long[] parse(String id) {
        int dash = id.indexOf('-');
        if (dash < 0) {
            return new long[] {Long.parseLong(id), 0};
        }
        return new long[] {Long.parseLong(id, 0, dash, 10), Long.parseLong(id, dash + 1, id.length(), 10)};
    }
}
