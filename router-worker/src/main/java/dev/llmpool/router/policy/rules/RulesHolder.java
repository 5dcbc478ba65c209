package dev.llmpool.router.policy.rules;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RoutesListener;
import dev.llmpool.core.routing.RulesException;
import dev.llmpool.core.routing.RulesOutline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rules in force, and the last {@value #KEPT} versions before them so a job routed under an earlier version
 * keeps its plan to the end (its {@code RouteTrack} names the version). A reload that fails leaves the current rules
 * in place and says why (the message names the line). As a {@link RoutesListener} it takes each new version of the
 * rules file that {@code LiveRoutes} offers.
 */
public final class RulesHolder implements RulesSource, RoutesListener {

    /** Versions kept for jobs still running on them. */
    static final int KEPT = 16;

    private final AtomicReference<RulesVersion> current;
    private final Map<String, RulesVersion> kept = new LinkedHashMap<>();
    private final RulesParser parser;

    /** The rules in {@code text}; a bad text throws the {@link RulesException} naming its line. */
    public RulesHolder(String text, String source, ModelCatalog catalog) {
        this(RulesVersion.of(text, new RulesParser(catalog).parse(text, source)), catalog);
    }

    public RulesHolder(RoutingRules initial, ModelCatalog catalog) {
        this(new RulesVersion("initial", initial), catalog);
    }

    private RulesHolder(RulesVersion initial, ModelCatalog catalog) {
        this.current = new AtomicReference<>(initial);
        this.parser = new RulesParser(catalog);
        keep(initial);
    }

    public RoutingRules rules() {
        return current.get().rules();
    }

    @Override
    public RulesVersion current() {
        return current.get();
    }

    @Override
    public synchronized Optional<RulesVersion> version(String id) {
        return Optional.ofNullable(kept.get(id));
    }

    /** Reads, validates and swaps in the rules at {@code path}; empty on success, else the problem. */
    public Optional<String> reload(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.of(path + ": cannot be read (" + e.getMessage() + "); keeping the rules from "
                    + rules().source());
        }
        return reload(text, path.toString());
    }

    /** As {@link #reload(Path)}, from text. */
    public Optional<String> reload(String text, String source) {
        try {
            prepare(text, source).run();
            return Optional.empty();
        } catch (RulesException e) {
            return Optional.of(e.getMessage() + "; keeping the rules from " + rules().source());
        }
    }

    /** Parses and validates {@code text}; the returned action puts it in force. */
    public Runnable prepare(String text, String source) {
        return prepare(RulesOutline.read(text, source));
    }

    /** Validates the rules whose top level {@code outline} has read; the returned action puts them in force. */
    @Override
    public Runnable prepare(RulesOutline outline) {
        RulesVersion next = RulesVersion.of(outline.text(), parser.parse(outline));
        return () -> {
            keep(next);
            current.set(next);
        };
    }

    private synchronized void keep(RulesVersion version) {
        kept.remove(version.id());
        kept.put(version.id(), version);
        while (kept.size() > KEPT) {
            kept.remove(kept.keySet().iterator().next());
        }
    }
}
