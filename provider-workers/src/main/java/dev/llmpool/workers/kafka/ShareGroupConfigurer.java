package dev.llmpool.workers.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the share groups' own configuration before their consumers start: {@code share.auto.offset.reset} (a new
 * share group otherwise starts at {@code latest} and skips attempts published before its first member joined) and,
 * when configured, {@code share.record.lock.duration.ms}. Idempotent; run at every start.
 */
public class ShareGroupConfigurer {

    public static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";
    public static final String RECORD_LOCK_DURATION = "share.record.lock.duration.ms";

    private static final Logger log = LoggerFactory.getLogger(ShareGroupConfigurer.class);

    private final Map<String, Object> adminConfig;
    private final Duration timeout;

    public ShareGroupConfigurer(Map<String, Object> adminConfig, Duration timeout) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.timeout = timeout;
    }

    /** The group configuration a group gets. */
    public static Map<String, String> groupConfig(String autoOffsetReset, Duration recordLockDuration) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(AUTO_OFFSET_RESET, autoOffsetReset);
        if (recordLockDuration != null) {
            config.put(RECORD_LOCK_DURATION, Long.toString(recordLockDuration.toMillis()));
        }
        return config;
    }

    public void configure(Collection<String> groupIds, Map<String, String> config) {
        if (groupIds.isEmpty()) {
            return;
        }
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            List<AlterConfigOp> ops = new ArrayList<>();
            config.forEach((key, value) -> ops.add(new AlterConfigOp(new ConfigEntry(key, value),
                    AlterConfigOp.OpType.SET)));
            changes.put(new ConfigResource(ConfigResource.Type.GROUP, groupId), ops);
        }
        try (Admin admin = Admin.create(adminConfig)) {
            admin.incrementalAlterConfigs(changes).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Share groups {} configured: {}", groupIds, config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while configuring share groups " + groupIds, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Could not configure share groups " + groupIds + " with " + config
                    + ": " + cause, cause);
        }
    }
}
