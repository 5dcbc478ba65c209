/** Anthropic Messages wire types: one record per JSON object, as the API names its fields. */
package dev.llmpool.simulator.anthropic.wire;
