/** Integration-test support: the real servers a test needs, started once per test JVM, and Kafka probes. */
package dev.llmpool.testing;
