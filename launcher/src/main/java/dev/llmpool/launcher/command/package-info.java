/** The subcommands: up, the roles, simulator, bench, route, dlq, batch. */
package dev.llmpool.launcher.command;
