package dev.llmpool.embedded.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * Binds the listener sockets before the broker is configured, so a random port is known up front (the controller
 * quorum address must be written into the configuration) and no other process can take it in between. Kafka's
 * socket server then receives the already bound channel instead of binding its own.
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {

    private final Map<String, ServerSocketChannel> unclaimed = new HashMap<>();

    /** Binds {@code host:port} ({@code port} 0 = random) for {@code listenerName} and returns the bound port. */
    synchronized int bind(String listenerName, String host, int port) {
        try {
            ServerSocketChannel channel = ServerSocketFactory.INSTANCE.openServerSocket(
                    listenerName, new InetSocketAddress(host, port), -1, -1);
            unclaimed.put(listenerName, channel);
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException | KafkaException e) {
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + " for " + listenerName
                    + (port == 0 ? "" : " (is another broker already running on this port?)"), e);
        }
    }

    @Override
    public synchronized ServerSocketChannel openServerSocket(
            String listenerName, InetSocketAddress socketAddress, int listenBacklogSize, int recvBufferSize)
            throws IOException {
        ServerSocketChannel channel = unclaimed.remove(listenerName);
        if (channel == null) {
            return ServerSocketFactory.INSTANCE.openServerSocket(
                    listenerName, socketAddress, listenBacklogSize, recvBufferSize);
        }
        if (recvBufferSize > 0) {
            channel.socket().setReceiveBufferSize(recvBufferSize);
        }
        return channel;
    }

    /** Closes the sockets the broker never claimed (the claimed ones belong to its socket server). */
    @Override
    public synchronized void close() {
        unclaimed.values().forEach(channel -> Utils.closeQuietly(channel, "prebound server socket"));
        unclaimed.clear();
    }
}
