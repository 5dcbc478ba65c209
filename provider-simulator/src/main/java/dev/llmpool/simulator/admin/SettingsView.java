package dev.llmpool.simulator.admin;

import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.timing.GoDurations;
import java.util.List;

/** Settings as {@code GET /_sim/settings} shows them, durations as Go strings ({@code 250ms}). */
record SettingsView(String host, int port, String latency, String timeToFirstToken, double tokensPerSecond,
        double errorRate, double rateLimitErrorRate, int requestsPerMinute, int defaultCompletionTokens, long seed,
        List<String> models) {

    static SettingsView of(SimulatorSettings settings) {
        return new SettingsView(settings.host(), settings.port(), GoDurations.format(settings.latency()),
                GoDurations.format(settings.timeToFirstToken()), settings.tokensPerSecond(), settings.errorRate(),
                settings.rateLimitErrorRate(), settings.requestsPerMinute(), settings.defaultCompletionTokens(),
                settings.seed(), List.copyOf(settings.models()));
    }
}
