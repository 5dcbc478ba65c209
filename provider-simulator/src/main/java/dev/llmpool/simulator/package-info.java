/** The provider simulator's public API: start it, point clients at its base URL, steer it with settings. */
package dev.llmpool.simulator;
