package dev.llmpool.launcher.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Hosts the roles this process runs. Each role module contributes an auto-configuration switched by
 * {@code llmpool.gateway.enabled}, {@code llmpool.router.enabled} and {@code llmpool.workers.enabled}.
 */
@SpringBootApplication
public class LlmPoolApplication {
}
