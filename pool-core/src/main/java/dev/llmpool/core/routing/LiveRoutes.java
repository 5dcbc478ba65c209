package dev.llmpool.core.routing;

import dev.llmpool.core.catalog.RouteAliases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing rules in force in this process: their text, and the route aliases the gateway accepts. One holder per
 * process serves every role in it, so a gateway and a router in one JVM always agree on the route names: a new
 * version is offered to every {@link RoutesListener} (the router's full validation), and only when all of them
 * prepared it are the aliases and the listeners' rules swapped. A refused version changes nothing; the reason
 * (naming the line at fault) is logged and returned. Reloads are counted in {@code llmpool.routing.reloads}
 * (tag {@code outcome}: {@code applied} or {@code refused}).
 */
public final class LiveRoutes {

    private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);

    private final List<RoutesListener> listeners = new CopyOnWriteArrayList<>();
    private final Counter applied;
    private final Counter refused;
    private volatile Version current;

    /** The text in force, where it came from, and its route aliases. */
    public record Version(String text, String source, RouteAliases aliases) {
    }

    /**
     * @param text   the rules read at start (the router validates them when it registers; a bad file stops the start)
     * @param source where they came from, for messages
     */
    public LiveRoutes(String text, String source, MeterRegistry meters) {
        this.current = new Version(text, source, RouteAliases.parse(text));
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
     * Offers a new version of the rules: applied when its YAML reads and every listener prepared it.
     *
     * @return empty when applied, else why it was refused
     */
    public synchronized Optional<String> offer(String text, String source) {
        RouteAliases aliases;
        List<Runnable> commits = new ArrayList<>();
        try {
            aliases = RouteAliases.parse(text);
            for (RoutesListener listener : listeners) {
                commits.add(listener.prepare(text, source));
            }
        } catch (RuntimeException e) {
            refused.increment();
            String problem = e.getMessage() + "; keeping the rules from " + current.source();
            log.warn("Routing rules refused: {}", problem);
            return Optional.of(problem);
        }
        commits.forEach(Runnable::run);
        current = new Version(text, source, aliases);
        applied.increment();
        log.info("Routing rules reloaded from {}: route aliases {}", source, aliases.names());
        return Optional.empty();
    }
}
