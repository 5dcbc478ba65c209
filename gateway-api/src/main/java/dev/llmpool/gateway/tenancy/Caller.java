package dev.llmpool.gateway.tenancy;

import dev.llmpool.core.tenancy.ApiKey;
import dev.llmpool.core.tenancy.TenantNames;
import dev.llmpool.gateway.jobs.JobIds;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who a request comes from: nobody in particular while the pool is open (no key exists and no master key is set),
 * the operator (the master key), or a tenant through one of its keys.
 *
 * @param key the key used, for {@link Kind#KEY}
 */
public record Caller(Kind kind, ApiKey key) {

    /** The request attribute the caller is kept in. */
    static final String ATTRIBUTE = Caller.class.getName();

    public static final Caller OPEN = new Caller(Kind.OPEN, null);
    public static final Caller MASTER = new Caller(Kind.MASTER, null);

    public enum Kind { OPEN, MASTER, KEY }

    public static Caller of(ApiKey key) {
        return new Caller(Kind.KEY, key);
    }

    /** The caller of {@code request}: what authentication found, else {@link #OPEN} (no authentication ran). */
    public static Caller of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Caller caller ? caller : OPEN;
    }

    /** The tenant what this caller creates belongs to; null for the open pool and the operator. */
    public String tenant() {
        return key == null ? null : key.tenant();
    }

    public String keyId() {
        return key == null ? null : key.id();
    }

    /**
     * Whether the caller may see an object of {@code owner} (null: an object of no tenant). A tenant sees its own
     * only; the operator sees everything; the open pool sees what belongs to no tenant.
     */
    public boolean sees(String owner) {
        return switch (kind) {
            case MASTER -> true;
            case KEY -> key.tenant().equals(owner);
            case OPEN -> owner == null;
        };
    }

    /** An id the client chose (valid already), in this caller's id space; null stays null. */
    public String scoped(String clientId) {
        return TenantNames.scoped(tenant(), clientId, 128);
    }

    /** The job id of a request: the client's ({@code x-llmpool-job-id}, else {@code Idempotency-Key}) in this caller's id space, else a fresh one. */
    public String jobId(String jobIdHeader, String idempotencyKey, java.util.function.Supplier<String> fresh) {
        String id = JobIds.fromClient(jobIdHeader);
        if (id == null) {
            id = JobIds.fromClient(idempotencyKey);
        }
        return id == null ? fresh.get() : scoped(id);
    }
}
