package dev.llmpool.launcher.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProbesTest {

    @Test
    void theSameSeedAndIndexMakeTheSameRequestAndRecord() {
        HttpProbes http = new HttpProbes(42, "n1", "gpt-4o-mini", Set.of());
        RecordProbes records = new RecordProbes(42, "n1", "gpt-4o-mini", "openai", Set.of());
        for (long i = 0; i < 200; i++) {
            HttpProbe a = http.probe(i);
            HttpProbe b = new HttpProbes(42, "n1", "gpt-4o-mini", Set.of()).probe(i);
            assertThat(a.kind()).isEqualTo(b.kind());
            assertThat(a.target()).isEqualTo(b.target());
            assertThat(a.headers()).isEqualTo(b.headers());
            List<RecordProbe> r = records.probes(i);
            List<RecordProbe> s = new RecordProbes(42, "n1", "gpt-4o-mini", "openai", Set.of()).probes(i);
            assertThat(r).extracting(RecordProbe::kind).isEqualTo(s.stream().map(RecordProbe::kind).toList());
            assertThat(r.getLast().value()).isEqualTo(s.getLast().value());
        }
    }

    @Test
    void aThousandDrawsCoverEveryKindAndSkippedKindsAreNeverDrawn() {
        Set<String> httpKinds = new HashSet<>();
        Set<String> recordKinds = new HashSet<>();
        HttpProbes http = new HttpProbes(7, "n", "gpt-4o-mini", Set.of("odd-paths"));
        RecordProbes records = new RecordProbes(7, "n", "gpt-4o-mini", "openai",
                Set.of("requests/correlation-id-reused"));
        LongStream.range(0, 1000).forEach(i -> {
            httpKinds.add(http.probe(i).kind());
            records.probes(i).forEach(p -> recordKinds.add(p.kind()));
        });
        Set<String> expected = new HashSet<>(HttpProbes.WEIGHTS.keySet());
        expected.remove("odd-paths");
        assertThat(httpKinds).isEqualTo(expected);
        assertThat(recordKinds).doesNotContain("requests/correlation-id-reused", "requests/valid-job")
                .contains("requests/not-json", "attempts/outcome-for-unknown-job",
                        "provider.openai/attempt-for-unknown-job", "requests/huge-record");
    }

    @Test
    void aReusedCorrelationIdFollowsTheValidJobWhoseIdItTakes() {
        RecordProbes records = new RecordProbes(3, "n", "gpt-4o-mini", "openai", Set.of());
        List<RecordProbe> pair = LongStream.range(0, 1000).mapToObj(records::probes).filter(p -> p.size() == 2)
                .findFirst().orElseThrow();
        assertThat(pair).extracting(RecordProbe::kind)
                .containsExactly("requests/valid-job", "requests/correlation-id-reused");
        assertThat(pair.get(0).key()).isEqualTo(pair.get(1).key());
        assertThat(pair.get(0).value()).isNotEqualTo(pair.get(1).value());
    }
}
