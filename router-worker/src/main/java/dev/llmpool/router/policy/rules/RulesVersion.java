package dev.llmpool.router.policy.rules;

import dev.llmpool.core.text.Digests;

/**
 * One version of the rules, named by a digest of its text: routers that loaded the same file agree on the name, so a
 * job moving between them keeps its plan.
 *
 * @param id    {@code sha256:} and the first 16 hex digits of the text's SHA-256
 * @param rules the rules
 */
public record RulesVersion(String id, RoutingRules rules) {

    public static RulesVersion of(String text, RoutingRules rules) {
        return new RulesVersion(idOf(text), rules);
    }

    public static String idOf(String text) {
        return "sha256:" + Digests.sha256Hex(text).substring(0, 16);
    }
}
