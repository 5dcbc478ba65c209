/** HTTP plumbing shared by every wire format: bodies, JSON answers, server-sent events, the catch-all guard. */
package dev.llmpool.simulator.http;
