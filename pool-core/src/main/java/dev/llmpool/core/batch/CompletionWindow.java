package dev.llmpool.core.batch;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A batch's {@code completion_window}: OpenAI accepts {@code 24h}; the pool accepts any Go-style duration
 * ({@code 90m}, {@code 1h30m}, {@code 2.5h}) plus days ({@code 7d}) within the configured bounds.
 */
public final class CompletionWindow {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(d|h|m|s)");

    private CompletionWindow() {
    }

    /**
     * @throws IllegalArgumentException naming what is wrong, when the text is not a duration or is out of bounds
     */
    public static Duration parse(String text, Duration min, Duration max) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration such as '24h' is required");
        }
        Matcher matcher = PART.matcher(text.strip());
        BigDecimal millis = BigDecimal.ZERO;
        int position = 0;
        while (matcher.find()) {
            if (matcher.start() != position) {
                break;
            }
            position = matcher.end();
            millis = millis.add(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitMillis(
                    matcher.group(2)))));
        }
        if (position == 0 || position != text.strip().length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as '24h', '90m' or '7d'");
        }
        Duration window = Duration.ofMillis(millis.longValue());
        if (window.compareTo(min) < 0 || window.compareTo(max) > 0) {
            throw new IllegalArgumentException("'" + text + "' is outside the supported range " + format(min)
                    + " to " + format(max));
        }
        return window;
    }

    private static long unitMillis(String unit) {
        return switch (unit) {
            case "d" -> 86_400_000L;
            case "h" -> 3_600_000L;
            case "m" -> 60_000L;
            default -> 1_000L;
        };
    }

    private static String format(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
