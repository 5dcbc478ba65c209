/** The pool's record signatures: internal Kafka records signed with the pool's key, checked by every consumer. */
package dev.llmpool.core.security;
