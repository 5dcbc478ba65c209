/** Proofs on real processes: extra provider-worker JVMs joining a pool, one killed mid-load, a pool restarted. */
package dev.llmpool.launcher.processes;
