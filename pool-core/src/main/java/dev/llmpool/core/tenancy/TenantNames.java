package dev.llmpool.core.tenancy;

import dev.llmpool.core.text.Digests;
import java.util.regex.Pattern;

/**
 * Tenant names and the ids a tenant chooses itself. A name is a letter or digit, then letters, digits, {@code _},
 * {@code .} or {@code -}, 64 at most; {@code ~} never appears in one, so {@code <tenant>~<client id>} names one
 * tenant's id unambiguously. Pure.
 */
public final class TenantNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Where a job or pipeline has no tenant (the open pool, a producer that named none) in the usage ledger. */
    public static final String NONE = "-";
    /** The separator of a tenant's own id space. */
    public static final char SCOPE = '~';

    private TenantNames() {
    }

    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static String require(String name) {
        if (!valid(name)) {
            throw new IllegalArgumentException("a tenant name is a letter or digit, then letters, digits, '_', '.' "
                    + "or '-', 64 at most; not '" + name + "'");
        }
        return name;
    }

    /** The ledger's name of a tenant: its name, or {@value #NONE}. */
    public static String ledgerName(String tenant) {
        return tenant == null || tenant.isBlank() ? NONE : tenant;
    }

    /**
     * An id the client chose (already valid), in the tenant's own id space: {@code <tenant>~<id>}, so two tenants
     * choosing the same id get two jobs, and no tenant can name another's. Without a tenant, the id as it is.
     */
    public static String scoped(String tenant, String clientId, int maxLength) {
        if (tenant == null || clientId == null) {
            return clientId;
        }
        String prefix = tenant + SCOPE;
        if (clientId.startsWith(prefix)) {
            return clientId; // already the tenant's (the client sent back the id it was given)
        }
        String scoped = prefix + clientId;
        return scoped.length() <= maxLength ? scoped
                : prefix + "key-" + Digests.sha256Hex(clientId).substring(0, 40);
    }
}
