/** Time on the wire: Go-style and protobuf duration strings and the pacing of latency, first token and token rate. */
package dev.llmpool.simulator.timing;
