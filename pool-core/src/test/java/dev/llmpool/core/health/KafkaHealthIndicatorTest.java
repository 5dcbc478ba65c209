package dev.llmpool.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import dev.llmpool.testing.MovableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class KafkaHealthIndicatorTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final KafkaHealthIndicator health = new KafkaHealthIndicator(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + portNobodyListensOn()),
            Duration.ofMillis(200), Duration.ofSeconds(5), clock);

    @AfterEach
    void close() {
        health.destroy();
    }

    @Test
    void aBrokerThatCannotBeReachedIsDown() {
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void anAnswerIsReusedForItsCacheTimeThenAskedAgain() {
        Health first = health.health();

        clock.advance(Duration.ofMillis(4_999));
        assertThat(health.health()).isSameAs(first);

        clock.advance(Duration.ofMillis(1));
        assertThat(health.health()).isNotSameAs(first);
    }

    private static int portNobodyListensOn() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
