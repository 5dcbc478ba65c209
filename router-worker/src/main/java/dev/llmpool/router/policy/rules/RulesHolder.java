package dev.llmpool.router.policy.rules;

import dev.llmpool.core.catalog.ModelCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rules in force. A reload that fails leaves the current rules in place and returns why, so a file watcher
 * can log the message (which names the line) and carry on.
 */
public final class RulesHolder {

    private final AtomicReference<RoutingRules> current;
    private final RulesParser parser;

    public RulesHolder(RoutingRules initial, ModelCatalog catalog) {
        this.current = new AtomicReference<>(initial);
        this.parser = new RulesParser(catalog);
    }

    public RoutingRules current() {
        return current.get();
    }

    /** Reads, validates and swaps in the rules at {@code path}; empty on success, else the problem. */
    public Optional<String> reload(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.of(path + ": cannot be read (" + e.getMessage() + "); keeping the rules from "
                    + current.get().source());
        }
        return reload(text, path.toString());
    }

    /** As {@link #reload(Path)}, from text. */
    public Optional<String> reload(String text, String source) {
        try {
            current.set(parser.parse(text, source));
            return Optional.empty();
        } catch (RulesException e) {
            return Optional.of(e.getMessage() + "; keeping the rules from " + current.get().source());
        }
    }
}
