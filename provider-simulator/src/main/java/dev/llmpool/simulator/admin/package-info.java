/** The {@code /_sim/} admin endpoints: stats and live settings for use from other processes. */
package dev.llmpool.simulator.admin;
