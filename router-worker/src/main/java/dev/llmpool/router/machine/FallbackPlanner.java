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
 * fallbacks, breadth-first, without repeats; the first candidate not tried yet, of a provider not blocked, that the
 * error's {@link FailureRule} says can help is chosen. Pure.
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
     * @param blockedProviders providers that cannot serve this job (account, content policy, missing feature)
     */
    public Optional<CatalogModel> next(CatalogModel origin, CatalogModel failed, ErrorClass error, Set<String> tried,
                                       Set<String> blockedProviders, ModelCatalog catalog) {
        FailureRule rule = FailureRule.of(error);
        return ladder(origin, catalog).stream()
                .filter(candidate -> !tried.contains(candidate.id()))
                .filter(candidate -> !blockedProviders.contains(candidate.provider()))
                .filter(candidate -> rule.canHelp(candidate, failed))
                .findFirst();
    }

    /** Whether an error is about the provider rather than the model, ruling out its other models too. */
    public static boolean blocksProvider(ErrorClass error) {
        return FailureRule.of(error).blocksProvider();
    }
}
