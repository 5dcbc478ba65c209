package dev.llmpool.router.policy.features;

import java.util.EnumMap;
import java.util.Map;

/**
 * The dominant writing system of a text by counting letters per Unicode script (digits, punctuation, spaces and
 * symbols do not count).
 *
 * @param dominant the script with the most letters ({@link Script#NONE} when there are none)
 * @param share    the dominant script's share of all letters, in [0,1]
 */
public record ScriptProfile(Script dominant, double share) {

    public static final ScriptProfile NONE = new ScriptProfile(Script.NONE, 0);

    public static ScriptProfile of(CharSequence text) {
        Map<Script, Integer> counts = new EnumMap<>(Script.class);
        int letters = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp) && !Character.isIdeographic(cp)) {
                continue;
            }
            letters++;
            counts.merge(Script.of(Character.UnicodeScript.of(cp)), 1, Integer::sum);
        }
        if (letters == 0) {
            return NONE;
        }
        Script best = Script.NONE;
        int bestCount = 0;
        for (Map.Entry<Script, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return new ScriptProfile(best, (double) bestCount / letters);
    }
}
