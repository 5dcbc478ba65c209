package dev.llmpool.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.gateway.error.ApiException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestBodyLimitTest {

    private final RequestBodyLimit limit = new RequestBodyLimit(10);

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/jobs");
        request.setContent(new byte[11]);

        assertThatThrownBy(() -> limit.preHandle(request, new MockHttpServletResponse(), new Object()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.body().error().message()).contains("11 bytes").contains("limit of 10 bytes");
                });
        MockHttpServletRequest exact = new MockHttpServletRequest("POST", "/v1/jobs");
        exact.setContent(new byte[10]);
        assertThat(limit.preHandle(exact, new MockHttpServletResponse(), new Object())).isTrue();
        assertThat(limit.preHandle(new MockHttpServletRequest("POST", "/v1/jobs"), new MockHttpServletResponse(),
                new Object())).isTrue();
    }

    @Test
    void aBodyOfUnknownLengthIsCutAtTheFirstByteOverTheLimit() throws Exception {
        CountingStream source = new CountingStream(new byte[1000]);
        InputStream body = limit.beforeBodyRead(message(source), null, byte[].class, null).getBody();

        assertThat(body.readNBytes(10)).hasSize(10);
        assertThatThrownBy(body::read).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(413));
        assertThat(source.served).isEqualTo(11);

        InputStream whole = limit.beforeBodyRead(message(new ByteArrayInputStream(new byte[10])), null, byte[].class,
                null).getBody();
        assertThat(whole.readAllBytes()).hasSize(10);
        InputStream bulk = limit.beforeBodyRead(message(new ByteArrayInputStream(new byte[1000])), null,
                byte[].class, null).getBody();
        assertThatThrownBy(bulk::readAllBytes).isInstanceOf(ApiException.class);
    }

    private static HttpInputMessage message(InputStream body) {
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return body;
            }

            @Override
            public HttpHeaders getHeaders() {
                return new HttpHeaders();
            }
        };
    }

    /** Serves one byte per read and counts them: how much of the body the limit let through. */
    private static final class CountingStream extends InputStream {

        private final byte[] data;
        int served;

        CountingStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return served < data.length ? data[served++] & 0xFF : -1;
        }
    }
}
