package dev.llmpool.simulator.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StopSequencesTest {

    private static final List<String> PIECES = List.of("The", " river", " runs", " north", ".");

    @Test
    void cutsBeforeTheEarliestSequenceAndNamesIt() {
        StopSequences.Cut cut = StopSequences.find(PIECES, List.of(" north", " runs"));

        assertThat(cut.pieces()).containsExactly("The", " river");
        assertThat(cut.sequence()).isEqualTo(" runs");
    }

    @Test
    void aCutInsideAPieceKeepsItsStart() {
        StopSequences.Cut cut = StopSequences.find(PIECES, List.of("ver r"));

        assertThat(cut.pieces()).containsExactly("The", " ri");
        assertThat(String.join("", cut.pieces())).isEqualTo("The ri");
    }

    @Test
    void aSequenceAtTheStartLeavesNothing() {
        assertThat(StopSequences.find(PIECES, List.of("The")).pieces()).isEmpty();
    }

    @Test
    void noMatchNoCut() {
        assertThat(StopSequences.find(PIECES, List.of("south", ""))).isNull();
        assertThat(StopSequences.find(PIECES, List.of())).isNull();
    }

    @Test
    void theGeneratorStopsAtASequenceFromItsOwnText() {
        DeterministicGenerator generator = new DeterministicGenerator(JsonMapper.builder().build());
        Prompt prompt = Prompt.of(List.of(new PromptMessage("user", "tell me more")));
        Completion full = generator.generate(new GenerationRequest("m", prompt, 1, 0, false, 0, OutputFormat.TEXT,
                null), 16, 0).completions().getFirst();
        String stop = full.pieces().get(5);

        Completion stopped = generator.generate(new GenerationRequest("m", prompt, 1, 0, true, 1, OutputFormat.TEXT,
                null, List.of(stop)), 16, 0).completions().getFirst();

        assertThat(stopped.text()).isEqualTo(full.text().substring(0, full.text().indexOf(stop)));
        assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
        assertThat(stopped.stopSequence()).isEqualTo(stop);
        assertThat(stopped.logprobs()).hasSameSizeAs(stopped.pieces());
    }
}
