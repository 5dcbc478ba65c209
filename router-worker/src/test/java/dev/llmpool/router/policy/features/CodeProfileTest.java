package dev.llmpool.router.policy.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeProfileTest {

    @Test
    void fencedBlocksCountAsCodeLineByLine() {
        CodeProfile profile = CodeProfile.of("Why does this fail?\n```python\nx = 1\nprint(x\n```\nThanks!");
        assertThat(profile.fencedBlocks()).isEqualTo(1);
        assertThat(profile.codeLines()).isEqualTo(2);
        assertThat(profile.lines()).isEqualTo(4);
        assertThat(profile.share()).isEqualTo(0.5);
        assertThat(profile.present()).isTrue();
    }

    @Test
    void codeLikeLinesOutsideFencesCount() {
        CodeProfile profile = CodeProfile.of("""
                Here is my loop:
                for (int i = 0; i < n; i++) {
                    total += values[i];
                }
                It never ends.""");
        assertThat(profile.fencedBlocks()).isZero();
        assertThat(profile.codeLines()).isEqualTo(3);
        assertThat(profile.present()).isTrue();
    }

    @Test
    void proseIsNotCode() {
        CodeProfile profile = CodeProfile.of("""
                Dear team,
                The meeting moves to Thursday at ten.
                Please bring the quarterly figures and your questions.
                Best regards""");
        assertThat(profile.codeLines()).isZero();
        assertThat(profile.present()).isFalse();
    }

    @Test
    void oneCodeLikeLineInALongTextIsNotEnough() {
        StringBuilder text = new StringBuilder("import this\n");
        for (int i = 0; i < 10; i++) {
            text.append("A sentence of ordinary prose number ").append(i).append(".\n");
        }
        assertThat(CodeProfile.of(text.toString()).present()).isFalse();
    }

    @Test
    void anUnclosedFenceRunsToTheEnd() {
        CodeProfile profile = CodeProfile.of("```\nSELECT 1\nfrom dual");
        assertThat(profile.codeLines()).isEqualTo(2);
        assertThat(profile.share()).isEqualTo(1.0);
    }
}
