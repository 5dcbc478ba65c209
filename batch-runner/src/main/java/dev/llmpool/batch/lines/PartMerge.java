package dev.llmpool.batch.lines;

import dev.llmpool.core.batch.LineState;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the lines of a batch's output and error files from its part lines and its ledger: for each custom_id the
 * first part line whose outcome agrees with the ledger (a result delivered twice is in two parts; a result that
 * arrived after the ledger closed is in a part but not in the ledger), then, for every input line still without one,
 * a line saying it never ran. So each custom_id ends up exactly once across the two files. Pure; holds the custom_ids
 * written so far (at most the batch's lines).
 */
public final class PartMerge {

    /** Where a part line goes. */
    public enum Target { OUTPUT, ERRORS, SKIP }

    private final Map<String, LineState> ledger;
    private final Set<String> written = new HashSet<>();

    public PartMerge(Map<String, LineState> ledger) {
        this.ledger = ledger;
    }

    public Target take(OutputLine line) {
        LineState state = line.completed() ? LineState.COMPLETED : LineState.FAILED;
        if (state != ledger.get(line.customId()) || !written.add(line.customId())) {
            return Target.SKIP;
        }
        return state == LineState.COMPLETED ? Target.OUTPUT : Target.ERRORS;
    }

    /**
     * For an input line after every part was read: empty when its line is written, else how it is written as never
     * run ({@link LineState#EXPIRED} or {@link LineState#CANCELLED}; a line the ledger says ran but no part holds,
     * which the order part-then-ledger rules out, is written as cancelled).
     */
    public Optional<LineState> neverRan(String customId) {
        if (!written.add(customId)) {
            return Optional.empty();
        }
        return Optional.of(ledger.get(customId) == LineState.EXPIRED ? LineState.EXPIRED : LineState.CANCELLED);
    }

    /** The ledger's state of a line, for logging the unexpected. */
    public LineState recorded(String customId) {
        return ledger.get(customId);
    }
}
