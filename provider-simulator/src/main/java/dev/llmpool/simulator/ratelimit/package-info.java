/** The real requests-per-minute limiter and the decisions its rate-limit headers report. */
package dev.llmpool.simulator.ratelimit;
