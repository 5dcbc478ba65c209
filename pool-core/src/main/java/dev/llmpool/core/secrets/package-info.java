/** Keeping secrets out of messages, headers and logs. */
package dev.llmpool.core.secrets;
