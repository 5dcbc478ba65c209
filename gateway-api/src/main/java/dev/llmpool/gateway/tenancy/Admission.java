package dev.llmpool.gateway.tenancy;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.redis.RedisReplies;
import dev.llmpool.core.tenancy.ApiKey;
import dev.llmpool.core.tenancy.BudgetHolds;
import dev.llmpool.core.tenancy.Budgets;
import dev.llmpool.core.tenancy.CostEstimate;
import dev.llmpool.core.tenancy.JobCosts;
import dev.llmpool.core.tenancy.KeyDirectory;
import dev.llmpool.core.tenancy.Limits;
import dev.llmpool.gateway.api.ChatRequestValidator;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Admits a job of a key's tenant before it is created: the key may ask for the model; the key's and the tenant's
 * RPM and TPM buckets have room (one request; the prompt, counted with jtokkit, plus the completion cap); the key's
 * and the tenant's budgets have room for the job's most expensive outcome ({@link CostEstimate}: for a route alias
 * every tier of the dearest route it may take), which is reserved until the job's result settles it. The buckets and
 * the reservation are asked at once, so admission costs about one Redis round trip of wall time; what one gives
 * when another refuses is put back. Jobs of the open pool and of the master key are not limited.
 */
public final class Admission {

    /** A job admitted; {@link #release()} gives its reservation back when it is never published. */
    public interface Ticket {
        void release();

        /** The job as it is published: with what its admission reserved in its metadata, if anything. */
        default JobRequest stamp(JobRequest job) {
            return job;
        }
    }

    /** A reservation of {@code nanos} held for job {@code id} of {@code tenant}. */
    record Held(Budgets budgets, String tenant, String id, long nanos) implements Ticket {

        @Override
        public void release() {
            budgets.release(tenant, id);
        }

        @Override
        public JobRequest stamp(JobRequest job) {
            return job.withMetadata(BudgetHolds.stamp(job.metadata(), nanos));
        }
    }

    public static final Ticket NONE = () -> {
    };

    private static final String ADMIT = "admit the job";

    private final KeyDirectory directory;
    private final KeyRateLimits limits;
    private final Budgets budgets;
    private final JobCosts costs;
    private final Clock clock;
    private final Duration holdGrace;
    private final Duration redisTimeout;

    public Admission(KeyDirectory directory, KeyRateLimits limits, Budgets budgets, JobCosts costs, Clock clock,
                     Duration holdGrace, Duration redisTimeout) {
        this.directory = directory;
        this.limits = limits;
        this.budgets = budgets;
        this.costs = costs;
        this.clock = clock;
        this.holdGrace = holdGrace;
        this.redisTimeout = redisTimeout;
    }

    /**
     * Admits {@code job} ({@code chat} is its validated body) for {@code caller}, setting the {@code x-ratelimit-*}
     * headers; a refusal is an {@link ApiException} (403 model, 429 rate limit or budget).
     */
    public Ticket admit(Caller caller, JobRequest job, ChatRequestValidator.ValidChat chat,
                        HttpServletResponse response) {
        return admit(caller, job, chat.name(), () -> estimate(chat), response);
    }

    /**
     * Admits an embeddings job the same way: its input's tokens at the model's input price are what it may cost and
     * what a TPM limit counts.
     */
    public Ticket admitEmbeddings(Caller caller, JobRequest job, CatalogModel model, EmbeddingsRequest request,
                                  HttpServletResponse response) {
        return admit(caller, job, model.id(), () -> costs.embeddings(request, model), response);
    }

    private Ticket admit(Caller caller, JobRequest job, String catalogName, Supplier<CostEstimate> cost,
                         HttpServletResponse response) {
        if (caller.kind() != Caller.Kind.KEY) {
            return NONE;
        }
        ApiKey key = caller.key();
        String requested = job.requestedModel();
        if (!key.allows(requested) && !key.allows(catalogName)) {
            throw TenancyErrors.modelNotAllowed(requested, key.id());
        }
        String tenant = key.tenant();
        Limits tenantLimits = directory.tenantLimits(tenant);
        Instant now = clock.instant();
        List<Budgets.Counter> counters = Budgets.counters(tenant, key, tenantLimits, now);
        boolean countTokens = key.limits().tpm() != null || tenantLimits.tpm() != null || !counters.isEmpty();
        CostEstimate estimate = countTokens ? cost.get() : CostEstimate.ZERO;
        List<KeyRateLimits.Take> takes = takes(key, tenantLimits, estimate.tokens());
        if (takes.isEmpty() && counters.isEmpty()) {
            return NONE;
        }
        Instant holdUntil = (job.deadline() != null ? job.deadline() : now).plus(holdGrace);
        CompletableFuture<List<KeyRateLimits.Left>> taken = limits.take(takes);
        CompletableFuture<Budgets.Reservation> reserved = budgets.reserve(tenant, job.correlationId(), counters,
                estimate.nanos(), now, holdUntil);
        List<KeyRateLimits.Left> lefts = RedisReplies.await(taken, redisTimeout, ADMIT);
        Budgets.Reservation reservation = RedisReplies.await(reserved, redisTimeout, ADMIT);
        Map<String, String> headers = headers(lefts);
        headers.forEach(response::setHeader);
        KeyRateLimits.Left refused = lefts.stream().filter(l -> !l.consumed()).findFirst().orElse(null);
        if (refused != null) {
            if (reservation instanceof Budgets.Held held && held.fresh()) {
                RedisReplies.await(budgets.release(tenant, job.correlationId()), redisTimeout, ADMIT);
            }
            long seconds = Math.max(1, (refused.nanosToWait() + 999_999_999L) / 1_000_000_000L);
            throw TenancyErrors.rateLimited(refused.take().what(), refused.take().limit(), seconds, headers);
        }
        if (reservation instanceof Budgets.Refused over) {
            if (!lefts.isEmpty()) {
                limits.giveBack(lefts);
            }
            throw TenancyErrors.budgetExceeded(over.message(tenant, key.id(), estimate.nanos(), now),
                    over.retryAfterSeconds(now));
        }
        if (!(reservation instanceof Budgets.Held held) || !held.fresh()) {
            return NONE;
        }
        return new Held(budgets, tenant, job.correlationId(), estimate.nanos());
    }

    private CostEstimate estimate(ChatRequestValidator.ValidChat chat) {
        return chat.model() != null ? costs.chat(chat.body(), chat.model()) : costs.route(chat.body(), chat.route());
    }

    private static List<KeyRateLimits.Take> takes(ApiKey key, Limits tenantLimits, long tokens) {
        List<KeyRateLimits.Take> takes = new ArrayList<>(4);
        String tenant = key.tenant();
        String scope = "key:" + key.id();
        if (key.limits().rpm() != null) {
            takes.add(new KeyRateLimits.Take("the key's requests per minute", tenant, scope, "rpm",
                    key.limits().rpm(), 1));
        }
        if (key.limits().tpm() != null) {
            takes.add(new KeyRateLimits.Take("the key's tokens per minute", tenant, scope, "tpm",
                    key.limits().tpm(), Math.max(1, tokens)));
        }
        if (tenantLimits.rpm() != null) {
            takes.add(new KeyRateLimits.Take("the tenant's requests per minute", tenant, "tenant", "rpm",
                    tenantLimits.rpm(), 1));
        }
        if (tenantLimits.tpm() != null) {
            takes.add(new KeyRateLimits.Take("the tenant's tokens per minute", tenant, "tenant", "tpm",
                    tenantLimits.tpm(), Math.max(1, tokens)));
        }
        return takes;
    }

    /** OpenAI's {@code x-ratelimit-*} headers, of the limit of each kind with the least left. */
    static Map<String, String> headers(List<KeyRateLimits.Left> lefts) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String kind : List.of("rpm", "tpm")) {
            KeyRateLimits.Left tightest = null;
            for (KeyRateLimits.Left left : lefts) {
                if (left.take().kind().equals(kind) && (tightest == null || left.remaining() < tightest.remaining())) {
                    tightest = left;
                }
            }
            if (tightest != null) {
                String suffix = kind.equals("rpm") ? "requests" : "tokens";
                long limit = tightest.take().limit();
                long remaining = Math.max(0, tightest.remaining());
                headers.put("x-ratelimit-limit-" + suffix, Long.toString(limit));
                headers.put("x-ratelimit-remaining-" + suffix, Long.toString(remaining));
                // refilled at limit per minute: the time until the bucket is full again
                long resetMillis = (limit - remaining) * 60_000L / Math.max(1, limit);
                headers.put("x-ratelimit-reset-" + suffix, resetMillis + "ms");
            }
        }
        return headers;
    }

}
