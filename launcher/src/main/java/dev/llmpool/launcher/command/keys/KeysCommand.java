package dev.llmpool.launcher.command.keys;

import dev.llmpool.core.tenancy.ApiKey;
import dev.llmpool.core.tenancy.ApiKeys;
import dev.llmpool.core.tenancy.BudgetPeriod;
import dev.llmpool.core.tenancy.IssuedKey;
import dev.llmpool.core.tenancy.Limits;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llmpool keys create|list|show|revoke|rotate|tenant}: API keys and tenants' limits, straight in the pool's
 * Redis (what the admin API does over HTTP). A new key is printed once, as the last line.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Show.class,
                KeysCommand.Revoke.class, KeysCommand.Rotate.class, KeysCommand.Tenant.class},
        description = "API keys of tenants: create, list, show, revoke, rotate; a tenant's own limits.")
public final class KeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options of limits, shared by keys and tenants. */
    static final class LimitOptions {
        @Option(names = "--rpm", description = "Requests a minute.")
        Long rpm;

        @Option(names = "--tpm", description = "Tokens a minute (prompt plus completion cap of each request).")
        Long tpm;

        @Option(names = "--budget-usd", description = "US dollars a budget period.")
        Double budgetUsd;

        @Option(names = "--budget-period", description = "day or month (default day).")
        String budgetPeriod;

        Limits limits() {
            return Limits.builder().rpm(rpm).tpm(tpm).budgetUsd(budgetUsd)
                    .budgetPeriod(BudgetPeriod.parse(budgetPeriod)).build();
        }
    }

    abstract static class KeysSubcommand implements Callable<Integer> {
        @Mixin
        RedisOptions redis = new RedisOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (RedisOptions.Connected connected = redis.connect()) {
                return run(new ApiKeys(connected.connection(), new JsonCodec(), Clock.systemUTC()),
                        spec.commandLine().getOut());
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
        }

        abstract int run(ApiKeys keys, PrintWriter out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; prints it once, last.")
    static final class Create extends KeysSubcommand {
        @Option(names = "--tenant", required = true, description = "Whose key it is.")
        String tenant;

        @Option(names = "--name", description = "A label.")
        String name;

        @Mixin
        LimitOptions limits = new LimitOptions();

        @Option(names = "--models", split = ",", description = "The models and route aliases it may use (default: "
                + "any).")
        List<String> models = new ArrayList<>();

        @Option(names = "--expires", description = "How long it is valid, e.g. 30d, 12h (default: until revoked).")
        String expires;

        @Override
        int run(ApiKeys keys, PrintWriter out) {
            Instant expiresAt = expires == null ? null : Instant.now().plus(DurationStyle.detectAndParse(expires));
            IssuedKey issued = keys.create(tenant, name, limits.limits(), models, expiresAt);
            describe(issued.key(), out);
            out.println("The key is shown this once; the pool keeps only its SHA-256:");
            out.println(issued.secret());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys extends KeysSubcommand {
        @Option(names = "--tenant", description = "Only this tenant's.")
        String tenant;

        @Override
        int run(ApiKeys keys, PrintWriter out) {
            out.printf(Locale.ROOT, "%-22s %-16s %-14s %-8s %-10s %-12s %s%n", "ID", "TENANT", "NAME", "RPM", "TPM",
                    "BUDGET", "STATE");
            for (ApiKey key : keys.list(tenant)) {
                Limits l = key.limits();
                out.printf(Locale.ROOT, "%-22s %-16s %-14s %-8s %-10s %-12s %s%n", key.id(), key.tenant(),
                        key.name() == null ? "-" : key.name(), l.rpm() == null ? "-" : l.rpm(),
                        l.tpm() == null ? "-" : l.tpm(), l.budgetUsd() == null ? "-"
                                : String.format(Locale.ROOT, "$%.2f/%s", l.budgetUsd(), l.budgetPeriod().json()),
                        state(key));
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one key.")
    static final class Show extends KeysSubcommand {
        @Parameters(index = "0", description = "The key's id (key_…).")
        String id;

        @Override
        int run(ApiKeys keys, PrintWriter out) {
            return found(keys.find(id), out, key -> describe(key, out));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Refuse a key from now on.")
    static final class Revoke extends KeysSubcommand {
        @Parameters(index = "0", description = "The key's id (key_…).")
        String id;

        @Override
        int run(ApiKeys keys, PrintWriter out) {
            return found(keys.revoke(id), out, key -> out.println("Revoked " + key.id() + " of " + key.tenant()
                    + "; every gateway refuses it now."));
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "A new key with the same settings; the old one revoked. Prints the new key once, last.")
    static final class Rotate extends KeysSubcommand {
        @Parameters(index = "0", description = "The key's id (key_…).")
        String id;

        @Override
        int run(ApiKeys keys, PrintWriter out) {
            Optional<IssuedKey> fresh = keys.rotate(id);
            if (fresh.isEmpty()) {
                out.println("No key " + id + ".");
                return 1;
            }
            out.println("Revoked " + id + "; its successor:");
            describe(fresh.get().key(), out);
            out.println(fresh.get().secret());
            return 0;
        }
    }

    @Command(name = "tenant", mixinStandardHelpOptions = true,
            description = "Set a tenant's own limits (they apply beside each key's); none given clears them.")
    static final class Tenant extends KeysSubcommand {
        @Parameters(index = "0", description = "The tenant.")
        String tenant;

        @Mixin
        LimitOptions limits = new LimitOptions();

        @Override
        int run(ApiKeys keys, PrintWriter out) {
            keys.setTenantLimits(tenant, limits.limits());
            out.println("Tenant " + tenant + ": " + describe(limits.limits()));
            return 0;
        }
    }

    static String state(ApiKey key) {
        if (key.revoked()) {
            return "revoked";
        }
        if (key.expiresAt() != null) {
            return key.usableAt(Instant.now()) ? "expires " + key.expiresAt() : "expired";
        }
        return "active";
    }

    static void describe(ApiKey key, PrintWriter out) {
        out.println("id:       " + key.id());
        out.println("tenant:   " + key.tenant());
        if (key.name() != null) {
            out.println("name:     " + key.name());
        }
        out.println("limits:   " + describe(key.limits()));
        out.println("models:   " + (key.models().isEmpty() ? "any" : String.join(",", key.models())));
        out.println("state:    " + state(key));
    }

    static String describe(Limits l) {
        if (l.none()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (l.rpm() != null) {
            parts.add(l.rpm() + " requests/min");
        }
        if (l.tpm() != null) {
            parts.add(l.tpm() + " tokens/min");
        }
        if (l.budgetUsd() != null) {
            parts.add(String.format(Locale.ROOT, "$%.2f a %s", l.budgetUsd(), l.budgetPeriod().json()));
        }
        return String.join(", ", parts);
    }

    private static int found(Optional<ApiKey> key, PrintWriter out, java.util.function.Consumer<ApiKey> then) {
        if (key.isEmpty()) {
            out.println("No such key.");
            return 1;
        }
        then.accept(key.get());
        return 0;
    }
}
