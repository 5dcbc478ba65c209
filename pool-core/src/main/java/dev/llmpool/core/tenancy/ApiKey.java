package dev.llmpool.core.tenancy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An API key as stored (JSON under {@code llmpool:apikey:{<hash>}}): everything but the key itself, of which only the
 * SHA-256 is kept.
 *
 * @param id        a public name of the key ({@code key_} and the first 16 hex digits of its hash), safe to show and log
 * @param tenant    whose key it is: every job, file, batch and pipeline it creates belongs to this tenant
 * @param name      a label chosen by the operator, or null
 * @param hash      SHA-256 of the key, hex
 * @param limits    the key's own limits (the tenant's apply as well)
 * @param models    the models and route aliases the key may ask for; empty: any
 * @param expiresAt after this instant the key is refused, or null
 * @param revoked   refused from now on
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKey(String id, String tenant, String name, String hash, Limits limits, List<String> models,
                     Instant createdAt, Instant expiresAt, boolean revoked) implements ApiKeyBuilder.With {

    public ApiKey {
        limits = limits == null ? Limits.NONE : limits;
        models = models == null ? List.of() : List.copyOf(models);
    }

    public static ApiKeyBuilder builder() {
        return ApiKeyBuilder.builder();
    }

    /** Neither revoked nor expired at {@code now}. */
    public boolean usableAt(Instant now) {
        return !revoked && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** Whether the key may ask for {@code model} (a catalog model or a route alias). */
    public boolean allows(String model) {
        return models.isEmpty() || models.contains(model);
    }
}
