package dev.llmpool.core.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code kafka}: the cluster described (its brokers listed) within the timeout, by one admin client made on first use.
 * The answer is kept for {@code cacheFor} (time from the injected clock), so frequent health checks do not each ask
 * the broker.
 */
public class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private final Map<String, Object> adminConfig;
    private final Duration timeout;
    private final Duration cacheFor;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private Admin admin;
    private Health last;
    private Instant lastAt;

    /** @param adminConfig the admin client's settings (bootstrap servers and security), as Spring Kafka's admin has them */
    public KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout, Duration cacheFor, Clock clock) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    @Override
    public Health health() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (last == null || !now.isBefore(lastAt.plus(cacheFor))) {
                last = check();
                lastAt = now;
            }
            return last;
        } finally {
            lock.unlock();
        }
    }

    private Health check() {
        try {
            DescribeClusterResult cluster = admin().describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            Collection<Node> nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up().withDetail("nodes", nodes.size()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down(e).build();
        } catch (ExecutionException e) {
            return Health.down(e.getCause()).build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "the cluster was not described within " + timeout).build();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(adminConfig);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public void destroy() {
        lock.lock();
        try {
            if (admin != null) {
                admin.close(Duration.ZERO);
                admin = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
