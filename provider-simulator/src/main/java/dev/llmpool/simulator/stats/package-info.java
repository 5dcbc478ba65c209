/** Contention-free counters behind {@link dev.llmpool.simulator.SimulatorStats}. */
package dev.llmpool.simulator.stats;
