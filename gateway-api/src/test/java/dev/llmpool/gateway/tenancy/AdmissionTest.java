package dev.llmpool.gateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static KeyRateLimits.Left left(String scope, String kind, long limit, long remaining) {
        return new KeyRateLimits.Left(new KeyRateLimits.Take("x", "acme", scope, kind, limit, 1), true, remaining, 0);
    }

    @Test
    void theRateLimitHeadersShowTheLimitOfEachKindWithTheLeastLeft() {
        var headers = Admission.headers(List.of(left("key:k", "rpm", 60, 59), left("tenant", "rpm", 100, 10),
                left("key:k", "tpm", 1000, 400)));
        assertThat(headers).containsEntry("x-ratelimit-limit-requests", "100")
                .containsEntry("x-ratelimit-remaining-requests", "10")
                .containsEntry("x-ratelimit-reset-requests", "54000ms")
                .containsEntry("x-ratelimit-limit-tokens", "1000")
                .containsEntry("x-ratelimit-remaining-tokens", "400");
        assertThat(Admission.headers(List.of())).isEmpty();
    }
}
