/** Gemini generateContent wire records, one per file, as the API spells them (camelCase). */
package dev.llmpool.workers.provider.gemini.wire;
