package dev.llmpool.gateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.tenancy.ApiKey;
import dev.llmpool.core.tenancy.KeyDirectory;
import dev.llmpool.core.tenancy.KeySecrets;
import dev.llmpool.core.tenancy.Limits;
import dev.llmpool.gateway.error.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class AuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Map<String, ApiKey> keys = new HashMap<>();
    private final KeyDirectory directory = new KeyDirectory(new KeyDirectory.Source() {
        @Override
        public Optional<ApiKey> findByHash(String hash) {
            return Optional.ofNullable(keys.get(hash));
        }

        @Override
        public Limits tenantLimits(String tenant) {
            return Limits.NONE;
        }

        @Override
        public boolean any() {
            return !keys.isEmpty();
        }

        @Override
        public String version() {
            return "1";
        }
    }, null, clock, Duration.ofSeconds(5));

    private void add(String secret, boolean revoked, Instant expiresAt) {
        keys.put(KeySecrets.hash(secret), ApiKey.builder().id("key_" + secret.length()).tenant("acme")
                .hash(KeySecrets.hash(secret)).revoked(revoked).expiresAt(expiresAt).build());
        directory.changed(KeySecrets.hash(secret));
    }

    private static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (ApiException e) {
            return e.status();
        }
    }

    @Test
    void withNoKeyAndNoMasterKeyThePoolIsOpenWhateverKeyIsShown() {
        Authenticator open = new Authenticator(directory, null, clock);
        assertThat(open.authenticate(false, null)).isEqualTo(Caller.OPEN);
        assertThat(open.authenticate(false, "sk-anything")).isEqualTo(Caller.OPEN);
    }

    @Test
    void onceAKeyExistsAMissingUnknownRevokedOrExpiredKeyIsA401() {
        Authenticator auth = new Authenticator(directory, null, clock);
        add("sk-llmpool-good", false, null);
        add("sk-llmpool-revoked", true, null);
        add("sk-llmpool-expired", false, NOW.minusSeconds(1));
        assertThat(auth.authenticate(false, "sk-llmpool-good").tenant()).isEqualTo("acme");
        assertThat(status(() -> auth.authenticate(false, null))).isEqualTo(401);
        assertThat(status(() -> auth.authenticate(false, "sk-llmpool-other"))).isEqualTo(401);
        assertThat(status(() -> auth.authenticate(false, "sk-llmpool-revoked"))).isEqualTo(401);
        assertThat(status(() -> auth.authenticate(false, "sk-llmpool-expired"))).isEqualTo(401);
    }

    @Test
    void theMasterKeyClosesThePoolAndAloneOpensTheAdminApi() {
        Authenticator auth = new Authenticator(directory, "master-1", clock);
        add("sk-llmpool-good", false, null);
        assertThat(status(() -> auth.authenticate(false, null))).isEqualTo(401);
        assertThat(auth.authenticate(false, "master-1")).isEqualTo(Caller.MASTER);
        assertThat(auth.authenticate(true, "master-1")).isEqualTo(Caller.MASTER);
        assertThat(status(() -> auth.authenticate(true, "sk-llmpool-good"))).isEqualTo(401);
        assertThat(status(() -> new Authenticator(directory, null, clock).authenticate(true, "anything")))
                .isEqualTo(401);
    }

    @Test
    void theKeyIsReadFromABearerTokenOrXApiKey() {
        MockHttpServletRequest bearer = new MockHttpServletRequest();
        bearer.addHeader("Authorization", "Bearer sk-llmpool-1");
        assertThat(Authenticator.secret(bearer)).isEqualTo("sk-llmpool-1");
        MockHttpServletRequest anthropic = new MockHttpServletRequest();
        anthropic.addHeader("x-api-key", "sk-llmpool-2");
        assertThat(Authenticator.secret(anthropic)).isEqualTo("sk-llmpool-2");
        assertThat(Authenticator.secret(new MockHttpServletRequest())).isNull();
    }

    @Test
    void aTenantSeesOnlyItsOwnTheOperatorEverythingTheOpenPoolWhatHasNoTenant() {
        Caller acme = Caller.of(ApiKey.builder().id("key_1").tenant("acme").hash("h").build());
        assertThat(acme.sees("acme")).isTrue();
        assertThat(acme.sees("globex")).isFalse();
        assertThat(acme.sees(null)).isFalse();
        assertThat(Caller.MASTER.sees("globex")).isTrue();
        assertThat(Caller.OPEN.sees(null)).isTrue();
        assertThat(Caller.OPEN.sees("acme")).isFalse();
        assertThat(acme.jobId("order-1", null, () -> "fresh")).isEqualTo("acme~order-1");
        assertThat(acme.jobId(null, null, () -> "fresh")).isEqualTo("fresh");
        assertThat(Caller.OPEN.jobId("order-1", null, () -> "fresh")).isEqualTo("order-1");
    }
}
