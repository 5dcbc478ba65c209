package dev.llmpool.core.tenancy;

/**
 * A key just made: the key itself, shown once and never stored, and its record.
 *
 * @param secret the key ({@code sk-llmpool-…})
 */
public record IssuedKey(String secret, ApiKey key) {

    @Override
    public String toString() {
        return "IssuedKey[" + key.id() + "]"; // never the secret
    }
}
