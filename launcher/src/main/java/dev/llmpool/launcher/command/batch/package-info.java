/** {@code llmpool batch …}: one class per subcommand over the gateway's Files and Batch APIs. */
package dev.llmpool.launcher.command.batch;
