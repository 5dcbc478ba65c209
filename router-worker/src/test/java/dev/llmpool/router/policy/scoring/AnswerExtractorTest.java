package dev.llmpool.router.policy.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnswerExtractorTest {

    @Test
    void theLastNumberIgnoresReasoningSeparatorsAndTrailingZeros() {
        var last = new AnswerExtractor.LastNumber();
        assertThat(last.extract("3 apples + 4 apples = 7 apples. The answer is $1,200.50")).contains("1200.5");
        assertThat(last.extract("#### 18.0")).contains("18");
        assertThat(last.extract("it is -3")).contains("-3");
        assertThat(last.extract("0.00")).contains("0");
        assertThat(last.extract("no digits here")).isEmpty();
    }

    @Test
    void aRegexTakesItsFirstGroupOfTheLastMatch() {
        var regex = new AnswerExtractor.Regex(Pattern.compile("Answer:\\s*(\\S+)"));
        assertThat(regex.extract("Answer: draft\nthinking again\nAnswer: Canberra ")).contains("Canberra");
        assertThat(new AnswerExtractor.Regex(Pattern.compile("\\d+")).extract("a 1 b 22")).contains("22");
        assertThat(regex.extract("nothing")).isEmpty();
    }

    @Test
    void aJsonFieldIsReadFromTheObjectInTheText() {
        var field = new AnswerExtractor.JsonField("result.answer");
        assertThat(field.extract("Here:\n```json\n{\"result\": {\"answer\": 42, \"why\": \"x\"}}\n```")).contains("42");
        assertThat(field.extract("{\"result\": {}}")).isEmpty();
        assertThat(field.extract("{not json")).isEmpty();
    }

    @Test
    void aChoiceLetterIsFoundWhereverTheModelPutsIt() {
        var choice = new AnswerExtractor.Choice();
        assertThat(choice.extract("Let me think. A is wrong, so the answer is (c).")).contains("C");
        assertThat(choice.extract("Answer: B")).contains("B");
        assertThat(choice.extract("I pick (D) because A fails")).contains("D");
        assertThat(choice.extract(" b. ")).contains("B");
        assertThat(choice.extract("none of these")).isEmpty();
    }

    @Test
    void samplesAgreeOnTheExtractedAnswerNotTheText() {
        List<String> samples = List.of("6 * 7 = 42, so 42", "Six sevens are 42.", "The result: 42.0", "I get 41");
        assertThat(AgreementScorer.agreement(samples)).isEqualTo(0.25);
        assertThat(AgreementScorer.agreement(samples, new AnswerExtractor.LastNumber())).isEqualTo(0.75);
        // samples without an answer agree with nothing, not with each other
        assertThat(AgreementScorer.agreement(List.of("hmm", "hmm", "7"), new AnswerExtractor.LastNumber()))
                .isEqualTo(1.0 / 3);
    }
}
