package dev.llmpool.simulator.directive;

import dev.llmpool.simulator.timing.GoDurations;
import java.time.Duration;
import java.util.Set;

/**
 * Finds {@code [sim:name]} and {@code [sim:name=value]} directives in a message text. Known names:
 * {@code status}, {@code tokens}, {@code finish}, {@code delay}, {@code tool}, {@code echo},
 * {@code stream_error_after}, {@code refuse}, {@code leak_key}, {@code only} ({@code [sim:only=gpt-4o-mini]}: the
 * other directives apply to requests for that model alone, e.g. to make a cheap tier answer badly). An unknown name or a bad value throws
 * {@link InvalidDirectiveException}, so a typo in a test fails loudly. When a name repeats, the last one wins.
 */
public final class DirectiveParser {

    private static final String OPEN = "[sim:";
    private static final Set<String> FINISH_REASONS = Set.of("stop", "length", "content_filter");
    private static final int MAX_TOKENS = 100_000;

    private DirectiveParser() {
    }

    /** The text without directives, and the directives. */
    public static ParsedPrompt parse(String text) {
        if (text.indexOf(OPEN) < 0) {
            return new ParsedPrompt(text.strip(), Directives.NONE);
        }
        Directives directives = Directives.NONE;
        StringBuilder rest = new StringBuilder(text.length());
        int from = 0;
        int open;
        while ((open = text.indexOf(OPEN, from)) >= 0) {
            int close = text.indexOf(']', open);
            if (close < 0) {
                throw new InvalidDirectiveException("unterminated simulator directive: " + text.substring(open));
            }
            directives = apply(directives, text.substring(open + OPEN.length(), close));
            rest.append(text, from, open);
            from = close + 1;
            boolean spaceBefore = rest.isEmpty() || Character.isWhitespace(rest.charAt(rest.length() - 1));
            if (spaceBefore && from < text.length() && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
        }
        rest.append(text, from, text.length());
        return new ParsedPrompt(rest.toString().strip(), directives);
    }

    /** The text without directives, for hashing and token counting of messages whose directives do not count. */
    public static String strip(String text) {
        if (text.indexOf(OPEN) < 0) {
            return text.strip();
        }
        try {
            return parse(text).text();
        } catch (InvalidDirectiveException e) {
            return text.strip();
        }
    }

    private static Directives apply(Directives directives, String body) {
        int equals = body.indexOf('=');
        String name = (equals < 0 ? body : body.substring(0, equals)).strip();
        String value = equals < 0 ? null : body.substring(equals + 1).strip();
        return switch (name) {
            case "status" -> directives.withStatus(intValue(name, value, 400, 599));
            case "tokens" -> directives.withTokens(intValue(name, value, 0, MAX_TOKENS));
            case "finish" -> directives.withFinish(finish(value));
            case "delay" -> directives.withDelay(delay(value));
            case "tool" -> directives.withTool(toolName(value));
            case "echo" -> flag(name, value, directives.withEcho());
            case "refuse" -> flag(name, value, directives.withRefuse());
            case "leak_key" -> flag(name, value, directives.withLeakKey());
            case "only" -> directives.withOnly(modelName(value));
            case "stream_error_after" -> directives.withStreamErrorAfter(intValue(name, value, 0, MAX_TOKENS));
            default -> throw new InvalidDirectiveException("unknown simulator directive [sim:" + body + "]");
        };
    }

    private static int intValue(String name, String value, int min, int max) {
        if (value == null) {
            throw new InvalidDirectiveException("[sim:" + name + "=N] needs a number");
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new InvalidDirectiveException("[sim:" + name + "] must be in " + min + ".." + max + ", was " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidDirectiveException("[sim:" + name + "] must be a number, was '" + value + "'");
        }
    }

    private static String finish(String value) {
        if (value == null || !FINISH_REASONS.contains(value)) {
            throw new InvalidDirectiveException("[sim:finish] must be one of stop, length, content_filter, was " + value);
        }
        return value;
    }

    private static Duration delay(String value) {
        try {
            return GoDurations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidDirectiveException("[sim:delay] " + e.getMessage());
        }
    }

    private static String toolName(String value) {
        if (value == null || value.isEmpty() || value.length() > 64 || !value.chars().allMatch(DirectiveParser::isNameChar)) {
            throw new InvalidDirectiveException("[sim:tool=NAME] needs a function name of [A-Za-z0-9_-], was " + value);
        }
        return value;
    }

    private static String modelName(String value) {
        if (value == null || value.isEmpty() || value.length() > 128
                || value.chars().anyMatch(c -> c <= ' ' || c == ']')) {
            throw new InvalidDirectiveException("[sim:only=MODEL] needs a model name, was " + value);
        }
        return value;
    }

    private static boolean isNameChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static Directives flag(String name, String value, Directives withFlag) {
        if (value != null) {
            throw new InvalidDirectiveException("[sim:" + name + "] takes no value");
        }
        return withFlag;
    }
}
