package dev.llmpool.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantNamesTest {

    @Test
    void aClientsIdIsPutInItsTenantsOwnIdSpace() {
        assertThat(TenantNames.scoped("acme", "order-42", 128)).isEqualTo("acme~order-42");
        assertThat(TenantNames.scoped("globex", "order-42", 128)).isEqualTo("globex~order-42");
        assertThat(TenantNames.scoped(null, "order-42", 128)).isEqualTo("order-42");
    }

    @Test
    void anIdAlreadyInTheTenantsSpaceStaysAndAnotherTenantsCannotBeNamed() {
        assertThat(TenantNames.scoped("acme", "acme~order-42", 128)).isEqualTo("acme~order-42");
        assertThat(TenantNames.scoped("globex", "acme~order-42", 128)).isEqualTo("globex~acme~order-42");
    }

    @Test
    void aScopedIdTooLongIsDigestedWithinTheLimit() {
        String scoped = TenantNames.scoped("acme", "x".repeat(126), 128);
        assertThat(scoped).startsWith("acme~key-").hasSizeLessThanOrEqualTo(128);
        assertThat(TenantNames.scoped("acme", "x".repeat(126), 128)).isEqualTo(scoped);
    }

    @Test
    void tenantNamesNeverHoldTheSeparator() {
        assertThat(TenantNames.valid("acme-corp.eu_1")).isTrue();
        assertThat(TenantNames.valid("a~b")).isFalse();
        assertThat(TenantNames.valid("-")).isFalse();
        assertThat(TenantNames.valid("")).isFalse();
        assertThatThrownBy(() -> TenantNames.require("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
