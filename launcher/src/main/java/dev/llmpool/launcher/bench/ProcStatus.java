package dev.llmpool.launcher.bench;

/**
 * The memory lines of a Linux {@code /proc/<pid>/status}: resident set size now ({@code VmRSS}) and its peak since
 * the process started ({@code VmHWM}), in KiB.
 */
public record ProcStatus(long rssKib, long peakRssKib) {

    /**
     * Parses the text of {@code /proc/<pid>/status}; a line that is missing reads as 0.
     *
     * @throws IllegalArgumentException when neither line is there (not a process status, or a kernel thread)
     */
    public static ProcStatus parse(String status) {
        long rss = -1;
        long hwm = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            }
        }
        if (rss < 0 && hwm < 0) {
            throw new IllegalArgumentException("no VmRSS or VmHWM line in the process status");
        }
        return new ProcStatus(Math.max(rss, 0), Math.max(hwm, 0));
    }

    /** {@code "VmRSS:\t  123456 kB"} → 123456. */
    private static long kib(String line) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        int space = value.indexOf(' ');
        String number = space < 0 ? value : value.substring(0, space);
        long n = Long.parseLong(number);
        String unit = space < 0 ? "kB" : value.substring(space).trim();
        return switch (unit) {
            case "kB" -> n;
            case "mB", "MB" -> n * 1024;
            case "gB", "GB" -> n * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "' in: " + line);
        };
    }

    public double rssMib() {
        return rssKib / 1024.0;
    }

    public double peakRssMib() {
        return peakRssKib / 1024.0;
    }
}
