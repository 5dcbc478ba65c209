/** Test helpers: a hand-moved clock and real HTTP calls to a running simulator. */
package dev.llmpool.simulator.support;
