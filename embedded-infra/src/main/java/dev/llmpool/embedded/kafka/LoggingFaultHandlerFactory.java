package dev.llmpool.embedded.kafka;

import kafka.server.FaultHandlerFactory;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.LoggingFaultHandler;

/**
 * Reports broker faults in the log. A stand-alone Kafka halts its JVM on a fatal fault; an embedded broker shares
 * the JVM with the pool (and with tests), so it logs the fault at ERROR instead and leaves the decision to the host.
 */
final class LoggingFaultHandlerFactory implements FaultHandlerFactory {

    @Override
    public FaultHandler build(String name, boolean fatal, Runnable action) {
        return new LoggingFaultHandler(fatal ? "fatal " + name : name, action);
    }
}
