/** Time on the wire: Go-style duration strings and the pacing of latency, first token and token rate. */
package dev.llmpool.simulator.timing;
