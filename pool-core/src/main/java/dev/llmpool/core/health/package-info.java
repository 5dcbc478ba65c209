/** Health indicators for what the pool depends on and Spring Boot does not check itself: Redis and Kafka. */
package dev.llmpool.core.health;
