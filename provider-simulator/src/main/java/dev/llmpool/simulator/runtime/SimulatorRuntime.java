package dev.llmpool.simulator.runtime;

import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.fault.FaultInjector;
import dev.llmpool.simulator.generation.DeterministicGenerator;
import dev.llmpool.simulator.ratelimit.RequestRateLimiter;
import dev.llmpool.simulator.stats.StatsRecorder;
import dev.llmpool.simulator.timing.Pacer;
import java.time.Clock;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services every wire format's handlers share, one set per running simulator. Each format (OpenAI, Anthropic,
 * Gemini) maps its wire types onto these and back.
 *
 * @param settings  the live settings, read once per request
 * @param clock     wall-clock time: timestamps and the rate limiter's window
 * @param json      the one JSON mapper (thread-safe, reused for every request)
 * @param limiter   the requests-per-minute limiter
 * @param faults    random fault injection
 * @param stats     counters
 * @param generator deterministic completions
 * @param pacer     latency and token pacing
 */
public record SimulatorRuntime(Supplier<SimulatorSettings> settings, Clock clock, JsonMapper json,
        RequestRateLimiter limiter, FaultInjector faults, StatsRecorder stats, DeterministicGenerator generator,
        Pacer pacer) {
}
