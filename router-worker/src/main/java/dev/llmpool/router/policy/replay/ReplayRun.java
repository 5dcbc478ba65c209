package dev.llmpool.router.policy.replay;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.rules.RoutingRules;
import dev.llmpool.router.policy.rules.RulesParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.ClassPathResource;

/**
 * {@code llmpool route replay} end to end: files in, report (and calibration) out. A bad file is an
 * {@link IllegalArgumentException} (or {@link dev.llmpool.core.routing.RulesException}) naming the line.
 */
public final class ReplayRun {

    /** The pool's default catalog, used when no {@code --catalog} is given. */
    public static final String DEFAULT_CATALOG = "llmpool/catalog.yml";

    private ReplayRun() {
    }

    /**
     * @param catalog the catalog file, or null for the pool's default
     * @param target  what to calibrate for, or null for the report alone
     */
    public static String run(Path rules, Path catalog, Path input, Calibrator.Target target) {
        return run(rules, catalog, input, target, new TokenCounter());
    }

    /** As {@link #run(Path, Path, Path, Calibrator.Target)}, with a token counter already loaded. */
    public static String run(Path rules, Path catalog, Path input, Calibrator.Target target, TokenCounter tokens) {
        ModelCatalog models = catalog(catalog);
        RoutingRules routing = rules(rules, models);
        Replayer replayer = new Replayer(models, tokens);
        Replayer.Prepared prepared = replayer.prepare(new ReplayReader().read(read(input), input.toString()), routing);
        StringBuilder out = new StringBuilder();
        out.append("replay of ").append(input.getFileName()).append(" with ").append(rules.getFileName())
                .append(catalog == null ? "" : " and " + catalog.getFileName()).append('\n');
        out.append(replayer.report(prepared, routing).render());
        if (target != null) {
            out.append('\n').append(Calibrator.render(new Calibrator().calibrate(replayer, prepared, routing, target)));
        }
        return out.toString();
    }

    /** The catalog file, or the pool's default when null. */
    static ModelCatalog catalog(Path catalog) {
        return catalog == null ? new CatalogLoader().load(new ClassPathResource(DEFAULT_CATALOG))
                : new CatalogLoader().parse(read(catalog));
    }

    static RoutingRules rules(Path rules, ModelCatalog models) {
        return new RulesParser(models).parse(read(rules), rules.toString());
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
