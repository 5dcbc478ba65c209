/** The JSON codec and JSON Schema validation of envelopes. */
package dev.llmpool.schemas.json;
