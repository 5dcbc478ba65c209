/** OpenAI Chat Completions wire records: the lingua franca inside every envelope. */
package dev.llmpool.schemas.openai;
