package dev.llmpool.batch.budgets;

import dev.llmpool.core.batch.BatchRecord;
import dev.llmpool.core.redis.RedisReplies;
import dev.llmpool.core.tenancy.BudgetCounters;
import dev.llmpool.core.tenancy.BudgetHolds;
import dev.llmpool.core.tenancy.Budgets;
import dev.llmpool.core.tenancy.CostEstimate;
import dev.llmpool.core.tenancy.JobCosts;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.names.MetadataKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Admits the jobs the batch runner publishes itself (batch lines, summarization calls) against the budgets of their
 * tenant and of the key that submitted them, each before it is published, as the gateway admits an interactive
 * request: the job's most expensive outcome ({@link JobCosts}) is reserved in the same Redis script, settled by the
 * usage ledger when its result is out, and noted on the job ({@link BudgetHolds}) for the router. A job the budget
 * has no room for waits while reservations are held (jobs in flight settle at their real cost, which gives room
 * back); with nothing reserved the budget is spent, and the job fails with {@code budget_exceeded}. RPM and TPM limits
 * are the interactive path's: these jobs are paced by the providers' shared quotas instead.
 */
public final class JobBudgets {

    /** What a line's admission came to. */
    public sealed interface Verdict {
    }

    /** Publish {@code job} (its reservation noted on it). */
    public record Admitted(JobRequest job) implements Verdict {
    }

    /** No room now, but reservations are held: publish nothing more of the batch until the next try. */
    public record Wait(String why) implements Verdict {
    }

    /** No room and nothing reserved: the line fails, saying why. */
    public record Refused(String message) implements Verdict {
    }

    private final BudgetCounters counters;
    private final Budgets budgets;
    private final JobCosts costs;
    private final Clock clock;
    private final Duration holdGrace;
    private final Duration timeout;

    public JobBudgets(BudgetCounters counters, Budgets budgets, JobCosts costs, Clock clock, Duration holdGrace,
                       Duration timeout) {
        this.counters = counters;
        this.budgets = budgets;
        this.costs = costs;
        this.clock = clock;
        this.holdGrace = holdGrace;
        this.timeout = timeout;
    }

    /** The budgets of {@code batch} for one round of publishing its lines (read once; none without a tenant). */
    public Round round(BatchRecord batch) {
        return round(batch.tenant(), batch.keyId());
    }

    /** The budgets of {@code tenant} and key {@code keyId} for a round of jobs (read once; none without a tenant). */
    public Round round(String tenant, String keyId) {
        return new Round(tenant, keyId, counters.of(tenant, keyId, clock.instant()));
    }

    /** Admits one job of the tenant and key it names. */
    public Verdict admit(JobRequest job) {
        return round(job.tenant(), job.metadata() == null ? null : job.metadata().get(MetadataKeys.KEY_ID))
                .admit(job);
    }

    /** One round of publishing jobs of one tenant and key. */
    public final class Round {

        private final String tenant;
        private final String keyId;
        private final List<Budgets.Counter> charged;

        private Round(String tenant, String keyId, List<Budgets.Counter> charged) {
            this.tenant = tenant;
            this.keyId = keyId;
            this.charged = charged;
        }

        /** Reserves what {@code job} may cost, or says why it may not run now. */
        public Verdict admit(JobRequest job) {
            if (charged.isEmpty()) {
                return new Admitted(job);
            }
            CostEstimate estimate = costs.of(job);
            Instant now = clock.instant();
            Instant deadline = job.deadline() != null ? job.deadline() : now;
            Budgets.Reservation reservation = RedisReplies.await(budgets.reserve(tenant, job.correlationId(),
                    charged, estimate.nanos(), now, deadline.plus(holdGrace)), timeout, "reserve a job's budget");
            if (reservation instanceof Budgets.Refused over) {
                String message = over.message(tenant, keyId, estimate.nanos(), now);
                return over.reserved() > 0 ? new Wait(message) : new Refused(message);
            }
            return new Admitted(job.withMetadata(BudgetHolds.stamp(job.metadata(), estimate.nanos())));
        }
    }
}
