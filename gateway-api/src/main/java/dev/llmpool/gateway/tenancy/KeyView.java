package dev.llmpool.gateway.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.core.tenancy.ApiKey;
import dev.llmpool.core.tenancy.IssuedKey;
import dev.llmpool.core.tenancy.Limits;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A key as the admin API shows it: never its hash, and the key itself only in the answer that made it.
 *
 * @param key the new key, only when it was just made
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyView(String object, String id, String tenant, String name, Limits limits, List<String> models,
                      Long createdAt, Long expiresAt, boolean revoked, String key) {

    public static KeyView of(ApiKey key) {
        return new KeyView("api_key", key.id(), key.tenant(), key.name(), key.limits(), key.models(),
                key.createdAt() == null ? null : key.createdAt().getEpochSecond(),
                key.expiresAt() == null ? null : key.expiresAt().getEpochSecond(), key.revoked(), null);
    }

    public static KeyView issued(IssuedKey issued) {
        KeyView view = of(issued.key());
        return new KeyView(view.object(), view.id(), view.tenant(), view.name(), view.limits(), view.models(),
                view.createdAt(), view.expiresAt(), view.revoked(), issued.secret());
    }

    @Override
    public String toString() {
        return "KeyView[" + id + "]";
    }
}
