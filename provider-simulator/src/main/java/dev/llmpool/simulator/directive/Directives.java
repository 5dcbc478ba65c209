package dev.llmpool.simulator.directive;

import java.time.Duration;
import java.util.Objects;

/**
 * Behaviour forced by {@code [sim:...]} directives in the last user message. Absent values are {@code 0},
 * {@code null} or {@code false}; see {@link DirectiveParser} for the syntax.
 *
 * @param status           answer with this HTTP error status instead of generating ({@code 0} = none)
 * @param tokens           completion length ({@code -1} = the default)
 * @param finish           forced finish reason: {@code stop}, {@code length} or {@code content_filter}
 * @param delay            extra latency before answering
 * @param tool             answer with a call to this tool
 * @param echo             answer with the last user message, directives removed
 * @param streamErrorAfter streaming: fail with an error frame after this many content chunks ({@code -1} = never)
 * @param refuse           answer with a refusal instead of content
 * @param leakKey          answer 401 with an error message that repeats the caller's API key in full (the worst
 *                         provider there could be: to prove the pool keeps keys out of dead letters and logs)
 * @param only             the model these directives are for: a request for another model is answered as though
 *                         the message had no directives ({@code null} = every model)
 */
public record Directives(int status, int tokens, String finish, Duration delay, String tool, boolean echo,
        int streamErrorAfter, boolean refuse, boolean leakKey, String only) {

    /** No directive at all. */
    public static final Directives NONE = new Directives(0, -1, null, Duration.ZERO, null, false, -1, false, false,
            null);

    public Directives {
        Objects.requireNonNull(delay, "delay");
    }

    public boolean hasStatus() {
        return status > 0;
    }

    public boolean hasTokens() {
        return tokens >= 0;
    }

    public boolean hasTool() {
        return tool != null;
    }

    public boolean hasStreamError() {
        return streamErrorAfter >= 0;
    }

    Directives withStatus(int value) {
        return new Directives(value, tokens, finish, delay, tool, echo, streamErrorAfter, refuse, leakKey, only);
    }

    Directives withTokens(int value) {
        return new Directives(status, value, finish, delay, tool, echo, streamErrorAfter, refuse, leakKey, only);
    }

    Directives withFinish(String value) {
        return new Directives(status, tokens, value, delay, tool, echo, streamErrorAfter, refuse, leakKey, only);
    }

    Directives withDelay(Duration value) {
        return new Directives(status, tokens, finish, value, tool, echo, streamErrorAfter, refuse, leakKey, only);
    }

    Directives withTool(String value) {
        return new Directives(status, tokens, finish, delay, value, echo, streamErrorAfter, refuse, leakKey, only);
    }

    Directives withEcho() {
        return new Directives(status, tokens, finish, delay, tool, true, streamErrorAfter, refuse, leakKey, only);
    }

    Directives withStreamErrorAfter(int value) {
        return new Directives(status, tokens, finish, delay, tool, echo, value, refuse, leakKey, only);
    }

    Directives withRefuse() {
        return new Directives(status, tokens, finish, delay, tool, echo, streamErrorAfter, true, leakKey, only);
    }

    Directives withOnly(String model) {
        return new Directives(status, tokens, finish, delay, tool, echo, streamErrorAfter, refuse, leakKey, model);
    }

    /** These directives as a request for {@code model} sees them: none when they are {@link #only} for another. */
    public Directives forModel(String model) {
        return only == null || only.equals(model) ? this : NONE;
    }

    Directives withLeakKey() {
        return new Directives(status, tokens, finish, delay, tool, echo, streamErrorAfter, refuse, true, only);
    }
}
