/** Dead letters across the pool's DLT topics: reading, showing, replaying them once. */
package dev.llmpool.launcher.dlq;
