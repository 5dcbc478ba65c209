/** A real Redis server run as a child process from the binary shipped in the embedded-redis jar, restarted when it dies. */
package dev.llmpool.embedded.redis;
