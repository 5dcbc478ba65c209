package dev.llmpool.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.router.effects.NotReadyException;
import dev.llmpool.router.engine.JobProcessingException;
import dev.llmpool.router.engine.RefusedRecordException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class RecordFailureTest {

    @Test
    void anOutcomeForAJobThatDoesNotExistIsNotRetriedAndEndsNoJob() {
        RecordFailure failure = RecordFailure.of(RefusedRecordException.unknownJob("ghost"));

        assertThat(failure.reason()).isEqualTo("unknown-job");
        assertThat(failure.retriable()).isFalse();
        assertThat(failure.job()).isNull();
        assertThat(failure.detail()).contains("ghost");
    }

    @Test
    void anOutcomeForAnAttemptTheRouterNeverPublishedIsNotRetriedAndEndsNoJob() {
        RecordFailure failure = RecordFailure.of(RefusedRecordException.unknownAttempt("job-1:9", 1));

        assertThat(failure.reason()).isEqualTo("unknown-attempt");
        assertThat(failure.retriable()).isFalse();
        assertThat(failure.job()).isNull();
    }

    @Test
    void anOutcomeThatOvertookItsJobsRoutingIsRetriedAndWhenItNeverCatchesUpItsJobEnds() {
        RecordFailure failure = RecordFailure.of(
                new JobProcessingException("job-2", new NotReadyException("attempt job-2:1 is not routed yet")));

        assertThat(failure.reason()).isEqualTo("not-routable");
        assertThat(failure.retriable()).isTrue();
        assertThat(failure.job()).isEqualTo("job-2");
        assertThat(failure.detail()).contains("not routed yet");
    }

    @Test
    void aFailureOfThePoolsOwnCodeIsNotRetriedAndEndsItsJob() {
        RecordFailure failure = RecordFailure.of(
                new JobProcessingException("job-3", new ArithmeticException("long overflow")));

        assertThat(failure.reason()).isEqualTo("processing-failed");
        assertThat(failure.retriable()).isFalse();
        assertThat(failure.job()).isEqualTo("job-3");
        assertThat(failure.detail()).contains("ArithmeticException").contains("long overflow");
    }

    @Test
    void aFailureOfKafkaOrRedisIsRetriedAndEndsItsJobWhenRetriesRunOut() {
        RecordFailure failure = RecordFailure.of(new JobProcessingException("job-4", new IllegalStateException(
                "Could not publish to llm.results", new ExecutionException(new TimeoutException("expired")))));

        assertThat(failure.reason()).isEqualTo("processing-failed");
        assertThat(failure.retriable()).isTrue();
        assertThat(failure.job()).isEqualTo("job-4");
    }

    @Test
    void aFailureOutsideAnyJobEndsNoJob() {
        RecordFailure failure = RecordFailure.of(new IllegalStateException("Could not dead-letter to llm.requests.dlt"));

        assertThat(failure.reason()).isEqualTo("processing-failed");
        assertThat(failure.retriable()).isTrue();
        assertThat(failure.job()).isNull();
    }
}
