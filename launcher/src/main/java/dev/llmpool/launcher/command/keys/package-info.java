/** {@code llmpool keys} and {@code llmpool usage}: API keys, tenants' limits and the usage ledger, read in Redis. */
package dev.llmpool.launcher.command.keys;
