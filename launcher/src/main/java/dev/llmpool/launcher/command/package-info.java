/** The subcommands: up, gateway, router, worker, simulator. */
package dev.llmpool.launcher.command;
