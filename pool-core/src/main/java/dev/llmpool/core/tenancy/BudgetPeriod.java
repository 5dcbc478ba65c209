package dev.llmpool.core.tenancy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/** How often a budget starts again, in UTC: each day, or each calendar month. */
public enum BudgetPeriod {
    DAY,
    MONTH;

    /** The label of the period {@code at} falls in: {@code 2026-12-06} or {@code 2026-12}. */
    public String label(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return this == DAY ? day.toString() : day.toString().substring(0, 7);
    }

    /** When the period {@code at} falls in ends. */
    public Instant end(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate next = this == DAY ? day.plusDays(1) : day.withDayOfMonth(1).plusMonths(1);
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code day} or {@code month}, any case; null for null. */
    public static BudgetPeriod parse(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "day", "daily" -> DAY;
            case "month", "monthly" -> MONTH;
            default -> throw new IllegalArgumentException("a budget period is 'day' or 'month', not '" + value + "'");
        };
    }
}
