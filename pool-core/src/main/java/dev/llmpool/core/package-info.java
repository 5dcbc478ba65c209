/** Runtime pieces every role of the pool shares. */
package dev.llmpool.core;
