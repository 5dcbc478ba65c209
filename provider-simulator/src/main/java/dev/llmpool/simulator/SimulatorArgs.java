package dev.llmpool.simulator;

import dev.llmpool.simulator.timing.GoDurations;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Command-line options of {@link SimulatorMain}, as {@code --name=value}, onto {@link SimulatorSettings}. */
final class SimulatorArgs {

    static final String USAGE = """
            Usage: SimulatorMain [--option=value ...]
                --host=127.0.0.1            address to bind
                --port=8090                 port to bind (0 = random; default 8090)
                --latency=0ms               wait before each answer (250ms, 1.5s, 1m30s, PT0.25S)
                --ttft=0ms                  time to first token
                --tps=0                     tokens per second, 0 = unlimited
                --error-rate=0              fraction of requests answered 500
                --rate-limit-error-rate=0   fraction of requests answered 429
                --rpm=0                     requests per minute, 0 = unlimited
                --tokens=16                 completion tokens when not capped
                --seed=0                    mixed into every generated text
                --models=a,b,c              models listed by GET /v1/models
                --help                      this text
            """;

    /** Port of the standalone simulator when none is given. */
    static final int DEFAULT_PORT = 8090;

    private SimulatorArgs() {
    }

    /**
     * Settings from {@code args}, starting from the defaults with port {@value #DEFAULT_PORT}.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    static SimulatorSettings parse(String... args) {
        SimulatorSettings settings = SimulatorSettings.defaults().withPort(DEFAULT_PORT);
        for (String arg : args) {
            if (!arg.startsWith("--") || arg.indexOf('=') < 0) {
                throw new IllegalArgumentException("expected --option=value, got '" + arg + "'");
            }
            String name = arg.substring(2, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1).strip();
            try {
                settings = apply(settings, name, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + ": not a number: '" + value + "'", e);
            }
        }
        return settings;
    }

    private static SimulatorSettings apply(SimulatorSettings settings, String name, String value) {
        return switch (name) {
            case "host" -> settings.withHost(value);
            case "port" -> settings.withPort(Integer.parseInt(value));
            case "latency" -> settings.withLatency(GoDurations.parse(value));
            case "ttft", "time-to-first-token" -> settings.withTimeToFirstToken(GoDurations.parse(value));
            case "tps", "tokens-per-second" -> settings.withTokensPerSecond(Double.parseDouble(value));
            case "error-rate" -> settings.withErrorRate(Double.parseDouble(value));
            case "rate-limit-error-rate" -> settings.withRateLimitErrorRate(Double.parseDouble(value));
            case "rpm", "requests-per-minute" -> settings.withRequestsPerMinute(Integer.parseInt(value));
            case "tokens", "default-completion-tokens" -> settings.withDefaultCompletionTokens(Integer.parseInt(value));
            case "seed" -> settings.withSeed(Long.parseLong(value));
            case "models" -> settings.withModels(models(value));
            default -> throw new IllegalArgumentException("unknown option --" + name);
        };
    }

    private static Set<String> models(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(model -> !model.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
