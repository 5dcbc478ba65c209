package dev.llmpool.router.machine;

import java.util.ArrayList;
import java.util.List;

/**
 * The machine's output for one event: the job's new state and what to do, in order. (Not to be confused with the
 * escalation policy's {@code Decision}, its verdict on a route's answers.)
 *
 * @param state   the job's state afterwards (null only when an event found no state and changed nothing)
 * @param effects what to do, in order
 */
public record Transition(RouteState state, List<Effect> effects) {

    public Transition {
        effects = List.copyOf(effects);
    }

    /** Nothing happens: a repeated or stale event. */
    public static Transition unchanged(RouteState state) {
        return new Transition(state, List.of());
    }

    public static Transition defer(RouteState state, String reason) {
        return new Transition(state, List.of(new Effect.Defer(reason)));
    }

    /** The same transition with {@code earlier} done first. */
    public Transition after(List<Effect> earlier) {
        if (earlier.isEmpty()) {
            return this;
        }
        List<Effect> all = new ArrayList<>(earlier);
        all.addAll(effects);
        return new Transition(state, all);
    }

    /** The effects of one type, in order (top level only). */
    public <T extends Effect> List<T> effects(Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
