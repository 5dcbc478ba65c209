package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which catalog model comes next after a failure. The ladder of a model is its fallbacks, then their
 * fallbacks, breadth-first, without repeats; the first candidate not tried yet that can help with the error
 * is chosen. Pure.
 */
public final class FallbackPlanner {

    /** The fallback ladder of {@code origin}, the origin itself excluded. */
    public List<CatalogModel> ladder(CatalogModel origin, ModelCatalog catalog) {
        Set<String> seen = new LinkedHashSet<>();
        seen.add(origin.id());
        List<CatalogModel> ladder = new ArrayList<>();
        Deque<CatalogModel> queue = new ArrayDeque<>();
        queue.add(origin);
        while (!queue.isEmpty()) {
            for (String name : queue.poll().fallbacks()) {
                Optional<CatalogModel> fallback = catalog.resolve(name);
                if (fallback.isPresent() && seen.add(fallback.get().id())) {
                    ladder.add(fallback.get());
                    queue.add(fallback.get());
                }
            }
        }
        return ladder;
    }

    /**
     * The next model to try after {@code failed} failed with {@code error}, if any.
     *
     * @param tried            catalog ids tried already
     * @param blockedProviders providers whose account failed (quota, key) during this job
     */
    public Optional<CatalogModel> next(CatalogModel origin, CatalogModel failed, ErrorClass error, Set<String> tried,
                                       Set<String> blockedProviders, ModelCatalog catalog) {
        return ladder(origin, catalog).stream()
                .filter(candidate -> !tried.contains(candidate.id()))
                .filter(candidate -> !blockedProviders.contains(candidate.provider()))
                .filter(candidate -> canHelp(candidate, failed, error))
                .findFirst();
    }

    /**
     * Whether trying {@code candidate} can change the outcome: a longer prompt needs a larger context window,
     * and an account problem (quota, key) needs another provider (see {@link #blocksProvider}).
     */
    static boolean canHelp(CatalogModel candidate, CatalogModel failed, ErrorClass error) {
        return switch (error) {
            case CONTEXT_WINDOW_EXCEEDED -> candidate.contextWindow() > failed.contextWindow();
            case QUOTA_EXHAUSTED, AUTHENTICATION -> !candidate.provider().equals(failed.provider());
            default -> true;
        };
    }

    /** Whether an error is about the provider account rather than the model, ruling out its other models too. */
    public static boolean blocksProvider(ErrorClass error) {
        return error == ErrorClass.QUOTA_EXHAUSTED || error == ErrorClass.AUTHENTICATION;
    }
}
