package dev.llmpool.batch.summarize.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.batch.summarize.plan.Style;
import dev.llmpool.batch.summarize.plan.SummaryOptions;
import dev.llmpool.schemas.envelope.SummarizeOptions;
import dev.llmpool.schemas.envelope.SummarizeOptionsBuilder;
import org.junit.jupiter.api.Test;

class ServiceOptionsTest {

    @Test
    void noOptionsAreTheCommandsDefaults() {
        assertThat(ServiceOptions.of(SummarizeOptions.DEFAULTS)).isEqualTo(SummaryOptions.defaults().build());
    }

    @Test
    void eachOptionGivenReplacesItsDefaultAndOnlyIt() {
        SummaryOptions options = ServiceOptions.of(SummarizeOptionsBuilder.builder().reduceModel("balanced")
                .chunkTokens(1500).targetTokens(80).style("bullets").instructions("Keep the figures.").build());

        assertThat(options).isEqualTo(SummaryOptions.defaults().reduceModel("balanced").chunkTokens(1500)
                .targetTokens(80).style(Style.BULLETS).instructions("Keep the figures.").build());
    }

    @Test
    void optionsThatCannotWorkTogetherAreRefusedByName() {
        assertThatThrownBy(() -> ServiceOptions.of(SummarizeOptionsBuilder.builder().chunkTokens(200)
                .overlapTokens(150).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
    }
}
