package dev.llmpool.gateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.tenancy.BudgetPeriod;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.json.JsonCodec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyRequestTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private final JsonCodec codec = new JsonCodec();

    @Test
    void aKeysTenantLimitsModelsAndExpiryAreRead() {
        KeyRequest request = KeyRequest.parse(codec.readTree("""
                {"tenant":"acme","name":"ci","rpm":60,"tpm":10000,"budget_usd":5,"budget_period":"month",
                 "models":["gpt-4o-mini","auto"],"expires_in":"30d"}"""), NOW);
        assertThat(request.tenant()).isEqualTo("acme");
        assertThat(request.limits().rpm()).isEqualTo(60);
        assertThat(request.limits().budgetPeriod()).isEqualTo(BudgetPeriod.MONTH);
        assertThat(request.models()).containsExactly("gpt-4o-mini", "auto");
        assertThat(request.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void aBudgetWithoutAPeriodIsADaysAndBadValuesAre400s() {
        assertThat(KeyRequest.parse(codec.readTree("{\"tenant\":\"a\",\"budget_usd\":1}"), NOW).limits()
                .budgetPeriod()).isEqualTo(BudgetPeriod.DAY);
        assertThatThrownBy(() -> KeyRequest.parse(codec.readTree("{\"name\":\"x\"}"), NOW))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> KeyRequest.parse(codec.readTree("{\"tenant\":\"a~b\"}"), NOW))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> KeyRequest.parse(codec.readTree("{\"tenant\":\"a\",\"rpm\":0}"), NOW))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> KeyRequest.parse(codec.readTree("{\"tenant\":\"a\",\"budget_period\":\"week\"}"),
                NOW)).isInstanceOf(ApiException.class);
    }
}
