package dev.llmpool.gateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.tenancy.ApiKey;
import dev.llmpool.core.tenancy.BudgetHolds;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.names.MetadataKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenancyTest {

    private final Caller acme = Caller.of(ApiKey.builder().id("key_1").tenant("acme").hash("h").build());

    @Test
    void aClientCannotNameAKeyOrClaimABudgetReservationInItsMetadata() {
        Map<String, String> metadata = Tenancy.metadata(Map.of("team", "search", MetadataKeys.KEY_ID, "key_9",
                MetadataKeys.BUDGET_HOLD, "999999999999"), acme);

        assertThat(metadata).containsOnly(Map.entry("team", "search"), Map.entry(MetadataKeys.KEY_ID, "key_1"));
        assertThat(Tenancy.metadata(Map.of(MetadataKeys.BUDGET_HOLD, "1"), Caller.OPEN)).isEmpty();
    }

    @Test
    void anAdmittedJobIsPublishedWithWhatItsAdmissionReservedAndAnUnlimitedOneAsItIs() {
        JobRequest job = JobRequest.builder().correlationId("job-1").tenant("acme")
                .metadata(Map.of(MetadataKeys.KEY_ID, "key_1")).build();

        JobRequest stamped = new Admission.Held(null, "acme", "job-1", 1_250_000L).stamp(job);

        assertThat(BudgetHolds.held(stamped.metadata())).isEqualTo(1_250_000L);
        assertThat(stamped.metadata()).containsEntry(MetadataKeys.KEY_ID, "key_1");
        assertThat(Admission.NONE.stamp(job)).isSameAs(job);
    }
}
