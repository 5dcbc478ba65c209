package dev.llmpool.router.policy.scoring;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The final answer inside an answer's text, so that samples agreeing on it agree whatever their reasoning says
 * (the {@code agreement} scorer's {@code extract} option). Pure. Empty when the text holds no such answer.
 */
public sealed interface AnswerExtractor {

    /** The names of the {@code extract} option. */
    List<String> NAMES = List.of("text", "last_number", "regex", "json_field", "choice");

    Optional<String> extract(String text);

    /** The whole text, normalized for case, spacing and trailing punctuation (the default). */
    record Text() implements AnswerExtractor {
        @Override
        public Optional<String> extract(String text) {
            return Optional.of(text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")
                    .replaceAll("[.!?;:,\\s]+$", ""));
        }
    }

    /** The last number in the text, as a plain decimal: {@code $1,200.50} and {@code 1200.5} are the same. */
    record LastNumber() implements AnswerExtractor {
        private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");

        @Override
        public Optional<String> extract(String text) {
            if (text == null) {
                return Optional.empty();
            }
            Matcher m = NUMBER.matcher(text);
            String last = null;
            while (m.find()) {
                last = m.group();
            }
            if (last == null) {
                return Optional.empty();
            }
            try {
                BigDecimal value = new BigDecimal(last.replace(",", "")).stripTrailingZeros();
                return Optional.of(value.signum() == 0 ? "0" : value.toPlainString());
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** The last match of a pattern: its first group when it has one, else the whole match; trimmed. */
    record Regex(Pattern pattern) implements AnswerExtractor {
        @Override
        public Optional<String> extract(String text) {
            if (text == null) {
                return Optional.empty();
            }
            Matcher m = pattern.matcher(text);
            String last = null;
            while (m.find()) {
                last = m.groupCount() > 0 ? m.group(1) : m.group();
            }
            return Optional.ofNullable(last).map(String::strip);
        }
    }

    /**
     * A field of the JSON object in the text (a dotted path, e.g. {@code result.answer}); the object may sit in a
     * fenced block or among other text (from the first {@code {} to the last {@code }}).
     */
    record JsonField(String path) implements AnswerExtractor {
        private static final JsonMapper MAPPER = JsonMapper.builder().build();

        @Override
        public Optional<String> extract(String text) {
            if (text == null) {
                return Optional.empty();
            }
            int start = text.indexOf('{');
            int end = text.lastIndexOf('}');
            if (start < 0 || end < start) {
                return Optional.empty();
            }
            try {
                JsonNode node = MAPPER.readTree(text.substring(start, end + 1));
                for (String part : path.split("\\.")) {
                    node = node.path(part);
                }
                if (node.isMissingNode() || node.isNull()) {
                    return Optional.empty();
                }
                return Optional.of(node.isValueNode() ? node.asString() : node.toString());
            } catch (JacksonException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * A multiple-choice letter (A–J): after "answer is" or "answer:", else the last letter in parentheses, else a
     * text that is one letter, else the last capital standing alone.
     */
    record Choice() implements AnswerExtractor {
        private static final List<Pattern> PATTERNS = List.of(
                Pattern.compile("(?i)answer\\s*(?:is|:)\\s*\\(?([A-J])\\)?(?![A-Za-z])"),
                Pattern.compile("\\(([A-J])\\)"),
                Pattern.compile("(?i)^\\s*\\(?([A-J])\\)?[.)]?\\s*$"),
                Pattern.compile("(?<![A-Za-z])([A-J])(?![A-Za-z])"));

        @Override
        public Optional<String> extract(String text) {
            for (Pattern p : PATTERNS) {
                Optional<String> found = new Regex(p).extract(text);
                if (found.isPresent()) {
                    return found.map(s -> s.toUpperCase(Locale.ROOT));
                }
            }
            return Optional.empty();
        }
    }
}
