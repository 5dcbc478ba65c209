package dev.llmpool.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.JsonCodec;
import org.junit.jupiter.api.Test;

class JobFingerprintsTest {

    private final JsonCodec codec = new JsonCodec();
    private final JobFingerprints fingerprints = new JobFingerprints(codec);

    private String of(String json) {
        return fingerprints.of(codec.fromJson(json, JobRequest.class));
    }

    @Test
    void theSameRequestSentAgainLaterHasTheSameFingerprintWhateverItsKeyOrderTimesAndId() {
        String first = of("""
                {"schema_version":1,"correlation_id":"a","created_at":"2026-12-01T10:00:00Z",
                 "deadline":"2026-12-01T10:01:00Z",
                 "body":{"model":"fast","temperature":0,"messages":[{"role":"user","content":"hi"}]}}""");
        String again = of("""
                {"schema_version":1,"correlation_id":"b","created_at":"2026-12-01T11:00:00Z","stream_tokens":true,
                 "body":{"messages":[{"content":"hi","role":"user"}],"temperature":0,"model":"fast"}}""");
        assertThat(again).isEqualTo(first).hasSize(64);
    }

    @Test
    void aDifferentAskIsADifferentFingerprint() {
        String base = of("""
                {"schema_version":1,"correlation_id":"a","body":{"model":"fast","messages":[{"role":"user","content":"hi"}]}}""");
        assertThat(of("""
                {"schema_version":1,"correlation_id":"a","body":{"model":"fast","messages":[{"role":"user","content":"ho"}]}}"""))
                .isNotEqualTo(base);
        assertThat(of("""
                {"schema_version":1,"correlation_id":"a","model":"smart",
                 "body":{"model":"fast","messages":[{"role":"user","content":"hi"}]}}""")).isNotEqualTo(base);
        assertThat(of("""
                {"schema_version":1,"correlation_id":"a","tenant":"acme",
                 "body":{"model":"fast","messages":[{"role":"user","content":"hi"}]}}""")).isNotEqualTo(base);
        assertThat(of("""
                {"schema_version":1,"correlation_id":"a","metadata":{"task":"x"},
                 "body":{"model":"fast","messages":[{"role":"user","content":"hi"}]}}""")).isNotEqualTo(base);
    }

    @Test
    void thePoolsNoteOfABudgetReservationIsNotPartOfWhatIsAsked() {
        String asked = of("""
                {"schema_version":1,"correlation_id":"a","metadata":{"task":"x"},
                 "body":{"model":"fast","messages":[{"role":"user","content":"hi"}]}}""");
        assertThat(of("""
                {"schema_version":1,"correlation_id":"a","metadata":{"task":"x","llmpool_budget_hold_nanos":"42"},
                 "body":{"model":"fast","messages":[{"role":"user","content":"hi"}]}}""")).isEqualTo(asked);
    }
}
