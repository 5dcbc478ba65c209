package dev.llmpool.core.tenancy;

/** Dollars as whole nano-dollars, the unit budgets and the ledger count in (exact sums, a million dollars fits). Pure. */
public final class Money {

    private static final double NANOS = 1_000_000_000.0;

    private Money() {
    }

    /** The nearest whole nano-dollars. */
    public static long nanos(double usd) {
        return Math.round(usd * NANOS);
    }

    /** Rounded up: what an estimate reserves. */
    public static long nanosUp(double usd) {
        return (long) Math.ceil(usd * NANOS - 1e-6);
    }

    public static double usd(long nanos) {
        return nanos / NANOS;
    }
}
