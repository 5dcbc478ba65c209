package dev.llmpool.router.policy.rules;

import dev.llmpool.router.policy.features.Features;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A rule's predicate over {@link Features}: {@code eq}, {@code in}, {@code gt}, {@code lt}, {@code regex},
 * {@code exists} on one field, combined with {@code all}/{@code and}, {@code any}/{@code or} and {@code not}.
 * A comparison on an absent field is false; numbers compare as numbers, also when metadata holds them as text.
 */
public sealed interface Condition {

    boolean test(Features features);

    /** Always true: a rule with no {@code when}. */
    record Always() implements Condition {
        @Override
        public boolean test(Features features) {
            return true;
        }
    }

    record Eq(String field, Object value) implements Condition {
        @Override
        public boolean test(Features features) {
            return equal(features.field(field), value);
        }
    }

    record In(String field, List<Object> values) implements Condition {
        public In {
            values = List.copyOf(values);
        }

        @Override
        public boolean test(Features features) {
            Object actual = features.field(field);
            return values.stream().anyMatch(v -> equal(actual, v));
        }
    }

    record Gt(String field, double value) implements Condition {
        @Override
        public boolean test(Features features) {
            Double actual = number(features.field(field));
            return actual != null && actual > value;
        }
    }

    record Lt(String field, double value) implements Condition {
        @Override
        public boolean test(Features features) {
            Double actual = number(features.field(field));
            return actual != null && actual < value;
        }
    }

    /** The field's text contains a match of the pattern. */
    record Regex(String field, Pattern pattern) implements Condition {
        @Override
        public boolean test(Features features) {
            Object actual = features.field(field);
            return actual != null && pattern.matcher(actual.toString()).find();
        }
    }

    /** The field is present (not null; for booleans, true counts as present and false as absent). */
    record Exists(String field, boolean expected) implements Condition {
        @Override
        public boolean test(Features features) {
            Object actual = features.field(field);
            boolean present = actual != null && !Boolean.FALSE.equals(actual);
            return present == expected;
        }
    }

    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(Features features) {
            return conditions.stream().allMatch(c -> c.test(features));
        }
    }

    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(Features features) {
            return conditions.stream().anyMatch(c -> c.test(features));
        }
    }

    record Not(Condition condition) implements Condition {
        @Override
        public boolean test(Features features) {
            return !condition.test(features);
        }
    }

    private static boolean equal(Object actual, Object expected) {
        if (actual == null || expected == null) {
            return actual == expected;
        }
        Double a = number(actual);
        Double e = number(expected);
        if (a != null && e != null && (actual instanceof Number || expected instanceof Number)) {
            return a.doubleValue() == e.doubleValue();
        }
        if (actual instanceof Boolean || expected instanceof Boolean) {
            return Objects.equals(actual.toString().toLowerCase(), expected.toString().toLowerCase());
        }
        return actual.toString().equals(expected.toString());
    }

    private static Double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
