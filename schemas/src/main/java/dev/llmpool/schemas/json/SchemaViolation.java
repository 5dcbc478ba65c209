package dev.llmpool.schemas.json;

import java.util.List;

/** A record that is not valid JSON or does not satisfy its envelope schema. */
public final class SchemaViolation extends RuntimeException {

    /** Short machine-readable reason, used as the dead-letter reason header. */
    public enum Reason {
        INVALID_JSON("invalid-json"), SCHEMA_VIOLATION("schema-violation"), UNSUPPORTED_VERSION("unsupported-version");

        private final String header;

        Reason(String header) {
            this.header = header;
        }

        public String header() {
            return header;
        }
    }

    private final Reason reason;
    private final List<String> problems;

    public SchemaViolation(Reason reason, List<String> problems) {
        super(reason.header() + ": " + String.join("; ", problems));
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public Reason reason() {
        return reason;
    }

    public List<String> problems() {
        return problems;
    }
}
