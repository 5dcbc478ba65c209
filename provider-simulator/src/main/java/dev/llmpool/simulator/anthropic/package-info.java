/** The Anthropic Messages wire format: the route, validation and mapping, errors, headers and the event stream. */
package dev.llmpool.simulator.anthropic;
