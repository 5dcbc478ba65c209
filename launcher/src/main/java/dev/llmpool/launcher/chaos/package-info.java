/** {@code llmpool chaos-check}: what became of the jobs of a run with kills (scripts/chaos.sh). */
package dev.llmpool.launcher.chaos;
