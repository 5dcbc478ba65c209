/** The Gemini generateContent wire format: routes, validation and mapping, errors and the SSE or JSON-array stream. */
package dev.llmpool.simulator.gemini;
