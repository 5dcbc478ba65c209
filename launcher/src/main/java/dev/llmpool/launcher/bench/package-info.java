/** The load harness: drives an OpenAI-compatible endpoint and reports latency percentiles and throughput. */
package dev.llmpool.launcher.bench;
