package dev.llmpool.core.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing rules in force in this process: their text read once as a {@link RulesOutline}, and the route aliases
 * the gateway accepts. One holder per process serves every role in it, so a gateway and a router in one JVM always
 * agree on the route names: a new version's outline is offered to every {@link RoutesListener} (the router's full
 * validation of the same reading), and only when all of them prepared it are the aliases and the listeners' rules
 * swapped. A refused version changes nothing; the reason
 * (naming the line at fault) is logged and returned. Reloads are counted in {@code llmpool.routing.reloads}
 * (tag {@code outcome}: {@code applied} or {@code refused}).
 */
public final class LiveRoutes {

    private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);

    private final List<RoutesListener> listeners = new CopyOnWriteArrayList<>();
    private final Counter applied;
    private final Counter refused;
    private volatile Version current;

    /** The rules in force (their text and where it came from) and their route aliases. */
    public record Version(RulesOutline rules, RouteAliases aliases) {

        public Version(RulesOutline rules) {
            this(rules, rules.aliases());
        }

        public String text() {
            return rules.text();
        }

        public String source() {
            return rules.source();
        }
    }

    /**
     * @param text   the rules read at start (the router validates the rest when it registers); a top level that does
     *               not read stops the start with a {@link RulesException} naming the line
     * @param source where they came from, for messages
     */
    public LiveRoutes(String text, String source, MeterRegistry meters) {
        this.current = new Version(RulesOutline.read(text, source));
        this.applied = reloads(meters, "applied");
        this.refused = reloads(meters, "refused");
    }

    private static Counter reloads(MeterRegistry meters, String outcome) {
        return Counter.builder("llmpool.routing.reloads").tag("outcome", outcome)
                .description("Reloads of the routing rules file, applied or refused").register(meters);
    }

    public Version current() {
        return current;
    }

    public RouteAliases aliases() {
        return current.aliases();
    }

    /** Adds a listener; it should already hold the {@link #current()} rules. */
    public void listen(RoutesListener listener) {
        listeners.add(listener);
    }

    /**
     * Offers a new version of the rules: applied when its top level reads and every listener prepared it.
     *
     * @return empty when applied, else why it was refused
     */
    public synchronized Optional<String> offer(String text, String source) {
        Version next;
        List<Runnable> commits = new ArrayList<>();
        try {
            next = new Version(RulesOutline.read(text, source));
            for (RoutesListener listener : listeners) {
                commits.add(listener.prepare(next.rules()));
            }
        } catch (RuntimeException e) {
            refused.increment();
            String problem = e.getMessage() + "; keeping the rules from " + current.source();
            log.warn("Routing rules refused: {}", problem);
            return Optional.of(problem);
        }
        commits.forEach(Runnable::run);
        current = next;
        applied.increment();
        log.info("Routing rules reloaded from {}: route aliases {}", source, next.aliases().names());
        return Optional.empty();
    }
}
