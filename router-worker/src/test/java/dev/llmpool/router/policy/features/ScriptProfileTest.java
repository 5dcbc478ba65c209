package dev.llmpool.router.policy.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScriptProfileTest {

    @Test
    void countsLettersPerScriptAndNamesTheDominantOne() {
        assertThat(ScriptProfile.of("Hello, world!").dominant()).isEqualTo(Script.LATIN);
        assertThat(ScriptProfile.of("Привет, как дела?").dominant()).isEqualTo(Script.CYRILLIC);
        assertThat(ScriptProfile.of("مرحبا بالعالم").dominant()).isEqualTo(Script.ARABIC);
        assertThat(ScriptProfile.of("שלום עולם").dominant()).isEqualTo(Script.HEBREW);
        assertThat(ScriptProfile.of("Καλημέρα κόσμε").dominant()).isEqualTo(Script.GREEK);
        assertThat(ScriptProfile.of("नमस्ते दुनिया").dominant()).isEqualTo(Script.DEVANAGARI);
    }

    @Test
    void hanKanaAndHangulAreAllCjk() {
        assertThat(ScriptProfile.of("你好，世界").dominant()).isEqualTo(Script.CJK);
        assertThat(ScriptProfile.of("こんにちは世界").dominant()).isEqualTo(Script.CJK);
        assertThat(ScriptProfile.of("안녕하세요 세계").dominant()).isEqualTo(Script.CJK);
    }

    @Test
    void theShareIsOfLettersOnlyAndMixedTextGoesToTheMajority() {
        ScriptProfile mixed = ScriptProfile.of("abc где 123 !!!");
        assertThat(mixed.dominant()).isEqualTo(Script.LATIN);
        assertThat(mixed.share()).isCloseTo(0.5, within(1e-9));
        ScriptProfile russian = ScriptProfile.of("Переведи: cat");
        assertThat(russian.dominant()).isEqualTo(Script.CYRILLIC);
        assertThat(russian.share()).isCloseTo(8.0 / 11, within(1e-9));
    }

    @Test
    void textWithoutLettersHasNoScript() {
        assertThat(ScriptProfile.of("")).isEqualTo(ScriptProfile.NONE);
        assertThat(ScriptProfile.of("12 + 30 = 42 ?!").dominant()).isEqualTo(Script.NONE);
    }
}
