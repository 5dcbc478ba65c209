/** Spring configuration of the router role: properties, beans, Kafka listener containers. */
package dev.llmpool.router.config;
