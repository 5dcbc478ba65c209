/** Gemini generateContent wire types: one record per JSON object, as the API names its fields (lowerCamelCase). */
package dev.llmpool.simulator.gemini.wire;
