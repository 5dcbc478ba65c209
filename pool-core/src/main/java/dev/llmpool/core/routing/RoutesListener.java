package dev.llmpool.core.routing;

/**
 * Something that uses the routing rules and must agree to a new version of them (the router: it validates the whole
 * file against the catalog). A reload is applied only when every listener prepared it.
 */
@FunctionalInterface
public interface RoutesListener {

    /**
     * Parses and validates {@code text} without applying it.
     *
     * @return what applies it (run only when every listener prepared the text)
     * @throws RuntimeException naming the problem (and its line) when the text cannot be used
     */
    Runnable prepare(String text, String source);
}
