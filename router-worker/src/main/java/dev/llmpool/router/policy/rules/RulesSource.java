package dev.llmpool.router.policy.rules;

import java.util.Optional;

/** Where the router reads the rules: the version in force, and earlier versions jobs may still be running on. */
@FunctionalInterface
public interface RulesSource {

    /** The rules in force, or null when there are none (every requested name is a model). */
    RulesVersion current();

    /** The version named {@code id}, while it is still held. */
    default Optional<RulesVersion> version(String id) {
        RulesVersion now = current();
        return now != null && now.id().equals(id) ? Optional.of(now) : Optional.empty();
    }
}
