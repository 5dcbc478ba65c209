package dev.llmpool.router.policy.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
