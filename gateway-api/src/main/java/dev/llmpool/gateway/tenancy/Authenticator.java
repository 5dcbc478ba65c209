package dev.llmpool.gateway.tenancy;

import dev.llmpool.core.tenancy.ApiKey;
import dev.llmpool.core.tenancy.KeyDirectory;
import dev.llmpool.core.tenancy.KeySecrets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates every {@code /v1} and {@code /admin} request before its handler runs: the key from
 * {@code Authorization: Bearer …} (every OpenAI SDK) or {@code x-api-key} (Anthropic-style clients), looked up in the
 * {@link KeyDirectory} (no Redis call while cached). The master key is the operator; a known key that is neither
 * revoked nor expired is its tenant; anything else is a 401. While the pool is open (no key exists and no master key
 * is set) every request passes as {@link Caller#OPEN}, whatever key it shows. {@code /admin} takes the master key only.
 */
public final class Authenticator implements HandlerInterceptor {

    private static final String BEARER = "bearer ";

    private final KeyDirectory directory;
    private final String masterKey;
    private final Clock clock;

    /** @param masterKey the master key, or null when none is set */
    public Authenticator(KeyDirectory directory, String masterKey, Clock clock) {
        this.directory = directory;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(Caller.ATTRIBUTE, authenticate(request.getRequestURI().startsWith("/admin"),
                secret(request)));
        return true;
    }

    /** The caller a request with {@code secret} (null: none shown) is. */
    Caller authenticate(boolean admin, String secret) {
        if (admin) {
            if (masterKey == null || !KeySecrets.same(secret, masterKey)) {
                throw TenancyErrors.notAdmin(masterKey != null);
            }
            return Caller.MASTER;
        }
        if (masterKey == null && !directory.anyKeys()) {
            return Caller.OPEN;
        }
        if (secret == null) {
            throw TenancyErrors.missingKey();
        }
        if (masterKey != null && KeySecrets.same(secret, masterKey)) {
            return Caller.MASTER;
        }
        Optional<ApiKey> key = directory.find(secret);
        if (key.isEmpty()) {
            throw TenancyErrors.invalidKey(null);
        }
        if (key.get().revoked()) {
            throw TenancyErrors.invalidKey("the key was revoked");
        }
        if (!key.get().usableAt(clock.instant())) {
            throw TenancyErrors.invalidKey("the key expired");
        }
        return Caller.of(key.get());
    }

    /** The key the request shows, or null. */
    static String secret(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.length() > BEARER.length()
                && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            String token = authorization.substring(BEARER.length()).strip();
            if (!token.isEmpty()) {
                return token;
            }
        }
        String apiKey = request.getHeader("x-api-key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }
}
