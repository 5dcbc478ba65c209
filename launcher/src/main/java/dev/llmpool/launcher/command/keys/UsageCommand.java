package dev.llmpool.launcher.command.keys;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.tenancy.UsageLedger;
import dev.llmpool.core.tenancy.UsageRow;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmpool usage}: the usage ledger as a table, read in the pool's Redis (what {@code GET /v1/usage} shows). */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Usage and cost per tenant, key, model and day (UTC), from the ledger in Redis.")
public final class UsageCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis = new RedisOptions();

    @Option(names = "--tenant", description = "Only this tenant (default: every tenant).")
    String tenant;

    @Option(names = "--from", description = "First day, e.g. 2026-12-01 (default: 30 days ago).")
    LocalDate from;

    @Option(names = "--to", description = "Last day (default: today).")
    LocalDate to;

    @Option(names = "--group-by", split = ",", defaultValue = "tenant,model",
            description = "Any of tenant, key, model, day (default ${DEFAULT-VALUE}).")
    List<String> groupBy = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LocalDate last = to != null ? to : LocalDate.now(ZoneOffset.UTC);
        LocalDate first = from != null ? from : last.minusDays(29);
        Set<String> groups = new LinkedHashSet<>(groupBy);
        try (RedisOptions.Connected connected = redis.connect()) {
            UsageLedger ledger = new UsageLedger(connected.connection(), new ModelCatalog(List.of()), Duration.ZERO);
            Set<String> tenants = tenant != null ? Set.of(tenant) : ledger.tenants();
            List<UsageRow> rows = UsageLedger.group(ledger.rows(tenants, first, last), groups);
            print(rows, groups, first, last, spec.commandLine().getOut());
        }
        return 0;
    }

    static void print(List<UsageRow> rows, Set<String> groups, LocalDate first, LocalDate last, PrintWriter out) {
        out.printf(Locale.ROOT, "Usage %s to %s (UTC)%n", first, last);
        StringBuilder header = new StringBuilder();
        for (String group : groups) {
            header.append(String.format(Locale.ROOT, "%-22s ", group.toUpperCase(Locale.ROOT)));
        }
        out.println(header + String.format(Locale.ROOT, "%10s %14s %14s %14s", "REQUESTS", "PROMPT_TOKENS",
                "COMPL_TOKENS", "COST_USD"));
        long requests = 0;
        long prompt = 0;
        long completion = 0;
        long nanos = 0;
        for (UsageRow row : rows) {
            StringBuilder line = new StringBuilder();
            for (String group : groups) {
                String value = switch (group) {
                    case "tenant" -> row.tenant();
                    case "key" -> row.keyId();
                    case "model" -> row.model();
                    case "day" -> row.day();
                    default -> "";
                };
                line.append(String.format(Locale.ROOT, "%-22s ", value));
            }
            out.println(line + String.format(Locale.ROOT, "%10d %14d %14d %14.6f", row.requests(),
                    row.promptTokens(), row.completionTokens(), row.costUsd()));
            requests += row.requests();
            prompt += row.promptTokens();
            completion += row.completionTokens();
            nanos += row.costNanos();
        }
        out.println(String.format(Locale.ROOT, "%-" + Math.max(5, groups.size() * 23) + "s%10d %14d %14d %14.6f",
                "TOTAL", requests, prompt, completion, nanos / 1e9));
    }
}
