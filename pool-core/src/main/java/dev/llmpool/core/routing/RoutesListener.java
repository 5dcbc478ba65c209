package dev.llmpool.core.routing;

/**
 * Something that uses the routing rules and must agree to a new version of them (the router: it validates the whole
 * file against the catalog). A reload is applied only when every listener prepared it.
 */
@FunctionalInterface
public interface RoutesListener {

    /**
     * Reads and validates the rest of {@code rules} (their top level is already read) without applying them.
     *
     * @return what applies it (run only when every listener prepared the text)
     * @throws RuntimeException naming the problem (and its line) when the text cannot be used
     */
    Runnable prepare(RulesOutline rules);
}
