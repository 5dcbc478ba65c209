package dev.llmpool.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.envelope.CacheControl;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientHeadersTest {

    @Test
    void theJobIdHeaderWinsOverTheIdempotencyKeyAndAFreshIdIsTheLastResort() {
        assertThat(ClientHeaders.correlationId("mine-1", "key-2", () -> "fresh")).isEqualTo("mine-1");
        assertThat(ClientHeaders.correlationId(null, "key-2", () -> "fresh")).isEqualTo("key-2");
        assertThat(ClientHeaders.correlationId(" ", null, () -> "fresh")).isEqualTo("fresh");
    }

    @Test
    void cacheControlDefaultsToAutoAndRejectsUnknownModes() {
        assertThat(ClientHeaders.cacheControl(null)).isEqualTo(CacheControl.AUTO);
        assertThat(ClientHeaders.cacheControl("Bypass").mode()).isEqualTo(CacheControl.Mode.BYPASS);
        assertThat(ClientHeaders.cacheControl("force").mode()).isEqualTo(CacheControl.Mode.FORCE);
        assertThatThrownBy(() -> ClientHeaders.cacheControl("never")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.body().error().param()).isEqualTo("x-llmpool-cache-control"));
    }

    @Test
    void theTimeoutIsWholeMilliseconds() {
        assertThat(ClientHeaders.timeout(null)).isNull();
        assertThat(ClientHeaders.timeout("250")).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> ClientHeaders.timeout("1.5s")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> ClientHeaders.timeout("0")).isInstanceOf(ApiException.class);
    }

    @Test
    void onlyAWellFormedTraceparentIsPassedOn() {
        String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(ClientHeaders.traceparent(valid)).isEqualTo(valid);
        assertThat(ClientHeaders.traceparent("garbage")).isNull();
        assertThat(ClientHeaders.traceparent(null)).isNull();
    }
}
