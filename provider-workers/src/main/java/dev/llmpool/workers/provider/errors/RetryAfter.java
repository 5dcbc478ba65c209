package dev.llmpool.workers.provider.errors;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The standard wait headers every provider may send: {@code retry-after-ms} (OpenAI's SDKs read it first), else
 * {@code retry-after} in seconds (possibly fractional) or as an HTTP date. Waits are whole milliseconds rounded up;
 * a wait in the past is 0.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait the headers ask for, or null when they say nothing readable. */
    public static Long millis(HttpHeaders headers, Instant now) {
        Long ms = headers.firstValue("retry-after-ms").map(RetryAfter::parseMillis).orElse(null);
        if (ms != null) {
            return ms;
        }
        return headers.firstValue("retry-after").map(value -> parse(value, now)).orElse(null);
    }

    /** {@code retry-after}: delay seconds or an HTTP date; null when neither. */
    static Long parse(String value, Instant now) {
        String trimmed = value.trim();
        Long seconds = seconds(trimmed);
        if (seconds != null) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Math.max(0L, Duration.between(now, at).toMillis());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A number of seconds (possibly fractional) in milliseconds, or null when the text is not a number. */
    static Long seconds(String value) {
        return decimal(value).map(seconds -> seconds.movePointRight(3)).map(RetryAfter::ceilMillis).orElse(null);
    }

    private static Long parseMillis(String value) {
        return decimal(value).map(RetryAfter::ceilMillis).orElse(null);
    }

    private static Optional<BigDecimal> decimal(String value) {
        try {
            return Optional.of(new BigDecimal(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Long ceilMillis(BigDecimal millis) {
        try {
            return millis.signum() <= 0 ? 0L : millis.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
