package dev.llmpool.workers.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.ErrorClass;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallFailuresTest {

    @Test
    void ioFailuresAreTransient() {
        assertThat(CallFailures.io(new ConnectException("Connection refused"))).satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
            assertThat(e.providerCode()).isEqualTo("io_error");
            assertThat(e.message()).contains("Connection refused");
        });
        assertThat(CallFailures.io(new HttpConnectTimeoutException("connect timed out")).providerCode())
                .isEqualTo("connect_timeout");
        assertThat(CallFailures.io(new HttpTimeoutException("request timed out")).providerCode())
                .isEqualTo("timeout");
        assertThat(CallFailures.io(new IOException()).message()).isEqualTo("IOException");
    }

    @Test
    void timeoutsAreTransientUnlessTheDeadlineRanOut() {
        assertThat(CallFailures.timeout(Duration.ofSeconds(120), false).errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(CallFailures.timeout(Duration.ofSeconds(3), true).errorClass())
                .isEqualTo(ErrorClass.DEADLINE_EXCEEDED);
        assertThat(CallFailures.firstTokenTimeout(Duration.ofSeconds(2)).providerCode())
                .isEqualTo("first_token_timeout");
    }
}
