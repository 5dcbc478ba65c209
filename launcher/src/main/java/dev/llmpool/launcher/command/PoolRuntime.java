package dev.llmpool.launcher.command;

import dev.llmpool.launcher.app.LlmPoolApplication;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the Spring application with the given default properties until Ctrl-C, then closes it and whatever
 * else the command started, in that order.
 */
final class PoolRuntime {

    private PoolRuntime() {
    }

    static ConfigurableApplicationContext start(Map<String, Object> properties, String[] springArgs) {
        return start(properties, springArgs, Map.of());
    }

    /** @param beans objects made outside the application that it should know as beans, by name */
    static ConfigurableApplicationContext start(Map<String, Object> properties, String[] springArgs,
                                                Map<String, Object> beans) {
        SpringApplication app = new SpringApplication(LlmPoolApplication.class);
        app.setDefaultProperties(properties);
        app.setRegisterShutdownHook(false);
        app.addInitializers(context -> beans.forEach(context.getBeanFactory()::registerSingleton));
        return app.run(springArgs);
    }

    /** Blocks until the JVM is asked to stop; then closes the context and the extra resource. */
    static void awaitShutdown(ConfigurableApplicationContext context, AutoCloseable extra) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("llmpool: stopping…");
            try {
                context.close();
                if (extra != null) {
                    extra.close();
                }
            } catch (Exception e) {
                System.err.println("llmpool: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
                System.out.println("llmpool: stopped");
            }
        }, "llmpool-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
