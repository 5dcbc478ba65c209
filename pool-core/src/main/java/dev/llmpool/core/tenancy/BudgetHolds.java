package dev.llmpool.core.tenancy;

import dev.llmpool.schemas.names.MetadataKeys;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The note a job carries of what its admission reserved against its budgets ({@link MetadataKeys#BUDGET_HOLD}):
 * written by whoever reserved (the gateway, the batch runner), read by the router, which counts it as room the job
 * itself may spend. Pure.
 */
public final class BudgetHolds {

    private BudgetHolds() {
    }

    /** {@code metadata} with a reservation of {@code nanos} noted (metadata unchanged when nothing was reserved). */
    public static Map<String, String> stamp(Map<String, String> metadata, long nanos) {
        if (nanos <= 0) {
            return metadata;
        }
        Map<String, String> stamped = metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
        stamped.put(MetadataKeys.BUDGET_HOLD, Long.toString(nanos));
        return stamped;
    }

    /** The reservation noted in {@code metadata}, nano-dollars; 0 when none or unreadable. */
    public static long held(Map<String, String> metadata) {
        String value = metadata == null ? null : metadata.get(MetadataKeys.BUDGET_HOLD);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
