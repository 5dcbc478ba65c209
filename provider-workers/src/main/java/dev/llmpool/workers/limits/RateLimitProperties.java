package dev.llmpool.workers.limits;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The providers' quotas, {@code llmpool.workers.limits.<provider>.*}, shared by every worker of the provider through
 * Redis. A model with its own entry ({@code llmpool.workers.limits.openai.models[gpt-4o-mini].rpm}) has buckets of
 * its own; every other model of the provider shares the provider's. Unset = unlimited.
 *
 * @param limits quotas by provider name
 */
@Validated
@ConfigurationProperties("llmpool.workers")
public record RateLimitProperties(Map<String, @Valid ProviderLimits> limits) {

    public RateLimitProperties {
        limits = limits == null ? Map.of() : Map.copyOf(limits);
    }

    /** The window RPM and TPM limits count over unless a provider names another. */
    public static final Duration MINUTE = Duration.ofMinutes(1);

    /**
     * One provider's quotas.
     *
     * @param rpm    requests per minute
     * @param tpm    tokens (prompt + completion) per minute
     * @param models quotas of single models, replacing the provider's for them
     * @param period the window {@code rpm} and {@code tpm} count over, for the provider and its models: a minute
     *               unless set (a shorter one scales a test's limits down in time)
     */
    public record ProviderLimits(@Positive Long rpm, @Positive Long tpm, Map<String, @Valid Quota> models,
                                 Duration period) {

        public ProviderLimits {
            models = models == null ? Map.of() : Map.copyOf(models);
            period = period == null || !period.isPositive() ? MINUTE : period;
        }
    }

    /** A model's own quotas. */
    public record Quota(@Positive Long rpm, @Positive Long tpm) {
    }

    /** The quota a call to {@code model} of {@code provider} runs under, and the bucket scope it shares. */
    public ScopedQuota quotaFor(String provider, String model) {
        ProviderLimits forProvider = limits.get(provider);
        if (forProvider == null) {
            return new ScopedQuota(provider, null, null, MINUTE);
        }
        Quota own = model == null ? null : forProvider.models().get(model);
        if (own != null) {
            return new ScopedQuota(provider + ":" + model, own.rpm(), own.tpm(), forProvider.period());
        }
        return new ScopedQuota(provider, forProvider.rpm(), forProvider.tpm(), forProvider.period());
    }

    /** Every limited quota of the provider: its own (when it has one) and each of its models' (none: unlimited). */
    public List<ScopedQuota> quotasOf(String provider) {
        ProviderLimits forProvider = limits.get(provider);
        List<ScopedQuota> quotas = new ArrayList<>();
        if (forProvider == null) {
            return quotas;
        }
        ScopedQuota own = quotaFor(provider, null);
        if (!own.unlimited()) {
            quotas.add(own);
        }
        forProvider.models().keySet().stream().sorted().map(model -> quotaFor(provider, model))
                .filter(quota -> !quota.unlimited()).forEach(quotas::add);
        return quotas;
    }

    /**
     * @param scope  the buckets' name: the provider, or {@code provider:model} for a model with its own quotas
     * @param period the window {@code rpm} and {@code tpm} count over
     */
    public record ScopedQuota(String scope, Long rpm, Long tpm, Duration period) {

        public boolean unlimited() {
            return rpm == null && tpm == null;
        }
    }
}
