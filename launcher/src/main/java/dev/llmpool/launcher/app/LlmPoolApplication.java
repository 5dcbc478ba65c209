package dev.llmpool.launcher.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Hosts the roles this process runs. Each role module contributes an auto-configuration switched by
 * {@code llmpool.gateway.enabled}, {@code llmpool.router.enabled}, {@code llmpool.workers.enabled} and
 * {@code llmpool.batch.enabled}.
 */
@SpringBootApplication
public class LlmPoolApplication {
}
