package dev.llmpool.core.tenancy;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tenancy settings, under {@code llmpool.auth.*}.
 *
 * @param masterKey    the operator's key ({@code LLMPOOL_MASTER_KEY}): the admin API ({@code /admin/*}), and on
 *                     {@code /v1} every tenant's objects and usage; set, every {@code /v1} request needs a key
 * @param keyCacheTtl  how long a gateway keeps a key it looked up (a change reaches it at once over pub/sub; this
 *                     bounds it when a message is lost)
 * @param holdGrace    how long past a job's deadline its budget reservation is kept before it is given back unsettled
 * @param usageRetention how long a day's usage stays in the ledger
 * @param budgetRefresh how old the router's and the batch runner's view of a budget may grow before it is read
 *                      again (in the background; the first job of a tenant waits for the first read)
 */
@Validated
@ConfigurationProperties("llmpool.auth")
public record TenancyProperties(
        String masterKey,
        @DefaultValue("5s") @NotNull Duration keyCacheTtl,
        @DefaultValue("10m") @NotNull Duration holdGrace,
        @DefaultValue("400d") @NotNull Duration usageRetention,
        @DefaultValue("1s") @NotNull Duration budgetRefresh) {

    public TenancyProperties {
        masterKey = masterKey == null || masterKey.isBlank() ? null : masterKey.strip();
        if (keyCacheTtl != null && !keyCacheTtl.isPositive()) {
            throw new IllegalArgumentException("llmpool.auth.key-cache-ttl must be positive, got " + keyCacheTtl);
        }
    }

    @Override
    public String toString() {
        return "TenancyProperties[masterKey=" + (masterKey == null ? "unset" : "set") + ", keyCacheTtl="
                + keyCacheTtl + ", holdGrace=" + holdGrace + ", usageRetention=" + usageRetention + ", budgetRefresh="
                + budgetRefresh + "]";
    }
}
