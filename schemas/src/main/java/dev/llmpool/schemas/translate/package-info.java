/** The pieces of translation between OpenAI Chat Completions and another wire format that both directions share (the workers' adapters, the gateway's APIs). Pure. */
package dev.llmpool.schemas.translate;
