/** The exact-match answer cache keyed by the canonical request. */
package dev.llmpool.core.cache;
