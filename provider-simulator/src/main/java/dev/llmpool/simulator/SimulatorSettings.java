package dev.llmpool.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the simulator behaves. Immutable; change a running simulator with
 * {@link ProviderSimulator#updateSettings(SimulatorSettings)}.
 *
 * @param host                    address to bind, e.g. {@code 127.0.0.1}
 * @param port                    port to bind, {@code 0} for a random free port
 * @param latency                 wait before the response starts (headers), applied to every generation request
 * @param timeToFirstToken        streaming: wait between the role chunk and the first content token;
 *                                non-streaming: added to the total time
 * @param tokensPerSecond         pace of completion tokens, {@code 0} = unlimited (no pacing)
 * @param errorRate               fraction of generation requests answered 500 {@code server_error}
 * @param rateLimitErrorRate      fraction of generation requests answered 429 {@code rate_limit_exceeded}
 * @param requestsPerMinute       real request limit (token bucket, burst = limit), {@code 0} = unlimited
 * @param defaultCompletionTokens completion length when the request does not cap it
 * @param seed                    mixed into every generated text and into fault injection
 * @param models                  models listed by {@code GET /v1/models} (any other name is still accepted)
 */
public record SimulatorSettings(
        String host,
        int port,
        Duration latency,
        Duration timeToFirstToken,
        double tokensPerSecond,
        double errorRate,
        double rateLimitErrorRate,
        int requestsPerMinute,
        int defaultCompletionTokens,
        long seed,
        Set<String> models) {

    /** Host bound by default: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Completion length when nothing caps it. */
    public static final int DEFAULT_COMPLETION_TOKENS = 16;

    /** Models listed by default. */
    public static final List<String> DEFAULT_MODELS = List.of("gpt-4o-mini", "gpt-4o", "gpt-4.1-nano", "o3-mini");

    public SimulatorSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        latency = requireNonNegative("latency", latency);
        timeToFirstToken = requireNonNegative("timeToFirstToken", timeToFirstToken);
        if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond must be finite and >= 0, was " + tokensPerSecond);
        }
        requireFraction("errorRate", errorRate);
        requireFraction("rateLimitErrorRate", rateLimitErrorRate);
        if (errorRate + rateLimitErrorRate > 1.0) {
            throw new IllegalArgumentException("errorRate + rateLimitErrorRate must not exceed 1, was "
                    + (errorRate + rateLimitErrorRate));
        }
        if (requestsPerMinute < 0) {
            throw new IllegalArgumentException("requestsPerMinute must be >= 0, was " + requestsPerMinute);
        }
        if (defaultCompletionTokens < 1) {
            throw new IllegalArgumentException("defaultCompletionTokens must be >= 1, was " + defaultCompletionTokens);
        }
        Objects.requireNonNull(models, "models");
        models = Collections.unmodifiableSet(new LinkedHashSet<>(models));
    }

    /** Loopback, random port, no latency, no faults, no limits, 16 completion tokens, seed 0. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(DEFAULT_HOST, 0, Duration.ZERO, Duration.ZERO, 0, 0, 0, 0,
                DEFAULT_COMPLETION_TOKENS, 0L, new LinkedHashSet<>(DEFAULT_MODELS));
    }

    public SimulatorSettings withHost(String host) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    public SimulatorSettings withPort(int port) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    public SimulatorSettings withLatency(Duration latency) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    public SimulatorSettings withTimeToFirstToken(Duration timeToFirstToken) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    public SimulatorSettings withTokensPerSecond(double tokensPerSecond) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    public SimulatorSettings withErrorRate(double errorRate) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    public SimulatorSettings withRateLimitErrorRate(double rateLimitErrorRate) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    public SimulatorSettings withRequestsPerMinute(int requestsPerMinute) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    public SimulatorSettings withDefaultCompletionTokens(int defaultCompletionTokens) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    public SimulatorSettings withSeed(long seed) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    public SimulatorSettings withModels(Set<String> models) {
        return new SimulatorSettings(host, port, latency, timeToFirstToken, tokensPerSecond, errorRate,
                rateLimitErrorRate, requestsPerMinute, defaultCompletionTokens, seed, models);
    }

    private static Duration requireNonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
        }
    }
}
