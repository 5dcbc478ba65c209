package dev.llmpool.core.kafka;

import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.context.SmartLifecycle;

/**
 * A Kafka consumer's poll loop on a thread of its own, started and stopped with the Spring context: {@link #stop()}
 * wakes the consumer the loop {@linkplain #attach attached} and waits up to ten seconds for the loop to end. The loop
 * polls while {@link #isRunning()}.
 */
public abstract class ConsumerThread implements SmartLifecycle {

    private static final Duration JOIN = Duration.ofSeconds(10);

    private final String threadName;
    private volatile boolean running;
    private volatile Consumer<?, ?> consumer;
    private Thread thread;

    protected ConsumerThread(String threadName) {
        this.threadName = threadName;
    }

    /** The poll loop; it runs once per start, on the thread this class starts. */
    protected abstract void loop();

    /** The consumer {@link #stop()} wakes (null once the loop closed it). */
    protected final void attach(Consumer<?, ?> current) {
        consumer = current;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(threadName).daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Consumer<?, ?> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread loop = thread;
        if (loop != null) {
            try {
                loop.join(JOIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
