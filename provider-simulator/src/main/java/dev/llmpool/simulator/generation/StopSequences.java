package dev.llmpool.simulator.generation;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts generated pieces before the earliest stop sequence, as providers do: the text ends where the sequence
 * starts and the sequence itself is not returned. A piece the cut falls inside keeps its part before the cut.
 */
final class StopSequences {

    private StopSequences() {
    }

    /**
     * Where {@code pieces} stop.
     *
     * @return the cut, or {@code null} when no sequence appears in the text
     */
    static Cut find(List<String> pieces, List<String> sequences) {
        if (sequences.isEmpty() || pieces.isEmpty()) {
            return null;
        }
        String text = String.join("", pieces);
        int earliest = -1;
        String matched = null;
        for (String sequence : sequences) {
            if (sequence == null || sequence.isEmpty()) {
                continue;
            }
            int at = text.indexOf(sequence);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
                matched = sequence;
            }
        }
        if (earliest < 0) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        int start = 0;
        for (String piece : pieces) {
            int end = start + piece.length();
            if (end <= earliest) {
                kept.add(piece);
            } else {
                if (earliest > start) {
                    kept.add(piece.substring(0, earliest - start));
                }
                break;
            }
            start = end;
        }
        return new Cut(kept, matched);
    }

    /**
     * @param pieces   the pieces before the sequence
     * @param sequence the sequence that matched
     */
    record Cut(List<String> pieces, String sequence) {
    }
}
