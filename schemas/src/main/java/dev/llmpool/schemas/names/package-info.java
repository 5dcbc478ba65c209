/** Topic names, Kafka header names and Redis key names, defined once. */
package dev.llmpool.schemas.names;
