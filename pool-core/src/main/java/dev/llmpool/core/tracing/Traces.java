package dev.llmpool.core.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One trace per job across the pool: each hop (the gateway's request, the router's handling of a record, the worker's
 * provider call) is a span whose parent is the W3C {@code traceparent} of the record it handles, and what it sends on
 * carries its own span's. Micrometer Tracing over OpenTelemetry; the spans are exported over OTLP only when
 * {@code management.opentelemetry.tracing.export.otlp.endpoint} is set. Without a tracer (or with tracing off) the
 * trace context still travels unchanged.
 */
public final class Traces {

    /** No tracer: the context passes through as it came. */
    public static final Traces NONE = new Traces(Tracer.NOOP, Propagator.NOOP);

    public static final String HEADER = "traceparent";
    private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final Tracer tracer;
    private final Propagator propagator;

    public Traces(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The {@code traceparent} of the span in scope now, else {@code fallback}. */
    public String current(String fallback) {
        Span span = tracer.currentSpan();
        String own = span == null ? null : traceparent(span.context());
        return own != null ? own : fallback;
    }

    /**
     * Starts {@code name} as a child of {@code parent} (a W3C {@code traceparent}; a new trace when null or not
     * one) and puts it in scope on this thread until the returned hop is closed.
     */
    public Hop start(String name, String parent) {
        Span.Builder builder = parent != null && W3C.matcher(parent).matches()
                ? propagator.extract(Map.of(HEADER, parent), Map::get) : tracer.spanBuilder();
        Span span = builder.name(name).start();
        return new Hop(span, tracer.withSpan(span), parent);
    }

    static String traceparent(TraceContext context) {
        if (context == null || context.traceId() == null || context.traceId().isEmpty()
                || context.spanId() == null || context.spanId().isEmpty()) {
            return null;
        }
        String traceparent = "00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.FALSE.equals(context.sampled()) ? "00" : "01");
        return W3C.matcher(traceparent).matches() ? traceparent : null;
    }

    /** A span in scope: its context goes on with what this hop sends. */
    public static final class Hop implements AutoCloseable {

        private final Span span;
        private final Tracer.SpanInScope scope;
        private final String parent;

        Hop(Span span, Tracer.SpanInScope scope, String parent) {
            this.span = span;
            this.scope = scope;
            this.parent = parent;
        }

        /** The {@code traceparent} to send on: this span's, else the one it came with. */
        public String traceparent() {
            String own = Traces.traceparent(span.context());
            return own != null ? own : parent;
        }

        public Hop tag(String key, String value) {
            if (value != null) {
                span.tag(key, value);
            }
            return this;
        }

        public void error(Throwable error) {
            span.error(error);
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
