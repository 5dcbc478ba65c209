package dev.llmpool.router.machine;

import java.util.List;

/**
 * The result of one transition.
 *
 * @param state   the job's state afterwards (null only when an event found no state and changed nothing)
 * @param effects what to do, in order
 */
public record Decision(RouteState state, List<Effect> effects) {

    public Decision {
        effects = List.copyOf(effects);
    }

    /** Nothing happens: a repeated or stale event. */
    public static Decision unchanged(RouteState state) {
        return new Decision(state, List.of());
    }

    public static Decision defer(RouteState state, String reason) {
        return new Decision(state, List.of(new Effect.Defer(reason)));
    }

    /** The effects of one type, in order (top level only). */
    public <T extends Effect> List<T> effects(Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
