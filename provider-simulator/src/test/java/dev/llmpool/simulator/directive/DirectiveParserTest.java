package dev.llmpool.simulator.directive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectiveParserTest {

    @Test
    void textWithoutDirectivesIsUntouchedExceptOuterWhitespace() {
        ParsedPrompt parsed = DirectiveParser.parse("  Hello [there] sim:status=500 ");

        assertThat(parsed.text()).isEqualTo("Hello [there] sim:status=500");
        assertThat(parsed.directives()).isEqualTo(Directives.NONE);
    }

    @Test
    void readsEveryDirective() {
        Directives directives = DirectiveParser.parse("[sim:status=429][sim:tokens=50][sim:finish=length]"
                + "[sim:delay=250ms][sim:tool=get_weather][sim:echo][sim:stream_error_after=3][sim:refuse]"
                + "[sim:leak_key]").directives();

        assertThat(directives.status()).isEqualTo(429);
        assertThat(directives.tokens()).isEqualTo(50);
        assertThat(directives.finish()).isEqualTo("length");
        assertThat(directives.delay()).isEqualTo(Duration.ofMillis(250));
        assertThat(directives.tool()).isEqualTo("get_weather");
        assertThat(directives.echo()).isTrue();
        assertThat(directives.streamErrorAfter()).isEqualTo(3);
        assertThat(directives.refuse()).isTrue();
        assertThat(directives.leakKey()).isTrue();
    }

    @Test
    void stripsDirectivesAndTheSpaceTheyLeave() {
        assertThat(DirectiveParser.parse("Hello [sim:echo] world").text()).isEqualTo("Hello world");
        assertThat(DirectiveParser.parse("[sim:echo] Hello world").text()).isEqualTo("Hello world");
        assertThat(DirectiveParser.parse("Hello world [sim:tokens=3]").text()).isEqualTo("Hello world");
        assertThat(DirectiveParser.parse("Hello[sim:echo]world").text()).isEqualTo("Helloworld");
        assertThat(DirectiveParser.parse("[sim:status=500]").text()).isEmpty();
    }

    @Test
    void absentDirectivesReportAbsent() {
        Directives none = Directives.NONE;

        assertThat(none.hasStatus()).isFalse();
        assertThat(none.hasTokens()).isFalse();
        assertThat(none.hasTool()).isFalse();
        assertThat(none.hasStreamError()).isFalse();
        assertThat(none.delay()).isZero();
    }

    @Test
    void lastOccurrenceWins() {
        assertThat(DirectiveParser.parse("[sim:tokens=5] [sim:tokens=7]").directives().tokens()).isEqualTo(7);
    }

    @Test
    void zeroTokensAndZeroChunksAreValid() {
        Directives directives = DirectiveParser.parse("[sim:tokens=0][sim:stream_error_after=0]").directives();

        assertThat(directives.hasTokens()).isTrue();
        assertThat(directives.tokens()).isZero();
        assertThat(directives.hasStreamError()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[sim:unknown]", "[sim:status=abc]", "[sim:status=200]", "[sim:tokens=-1]", "[sim:finish=maybe]",
            "[sim:delay=soon]", "[sim:tool=]", "[sim:tool=bad name]", "[sim:echo=yes]", "[sim:status=500"
    })
    void rejectsBadDirectivesLoudly(String text) {
        assertThatThrownBy(() -> DirectiveParser.parse(text)).isInstanceOf(InvalidDirectiveException.class);
    }

    @Test
    void stripNeverThrows() {
        assertThat(DirectiveParser.strip("Hi [sim:unknown]")).isEqualTo("Hi [sim:unknown]");
        assertThat(DirectiveParser.strip("Hi [sim:echo]")).isEqualTo("Hi");
    }

    @Test
    void onlyNamesTheModelTheDirectivesAreFor() {
        Directives directives = DirectiveParser.parse("[sim:only=gpt-4o-mini][sim:echo] Hi").directives();

        assertThat(directives.only()).isEqualTo("gpt-4o-mini");
        assertThat(directives.forModel("gpt-4o-mini")).isSameAs(directives);
        assertThat(directives.forModel("gpt-4o")).isEqualTo(Directives.NONE);
        assertThat(DirectiveParser.parse("[sim:echo] Hi").directives().forModel("gpt-4o").echo()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DirectiveParser.parse("[sim:only=] Hi"))
                .isInstanceOf(InvalidDirectiveException.class).hasMessageContaining("[sim:only=MODEL]");
    }
}
