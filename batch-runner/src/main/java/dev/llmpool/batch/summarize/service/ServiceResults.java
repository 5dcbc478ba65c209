package dev.llmpool.batch.summarize.service;

import dev.llmpool.batch.summarize.run.DocumentSummary;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.envelope.SummarizeRequest;
import dev.llmpool.schemas.envelope.SummarizeResult;
import java.time.Instant;

/** A request's result: its document's line as the pipeline made it, or the error that left it without one. Pure. */
public final class ServiceResults {

    private ServiceResults() {
    }

    public static SummarizeResult completed(SummarizeRequest request, String run, DocumentSummary line,
                                            Instant now) {
        return SummarizeResult.builder().id(request.id()).status(JobStatus.COMPLETED).title(line.title())
                .summary(line.summary()).chunks(line.chunks()).reduceLevels(line.reduceLevels()).calls(line.calls())
                .models(line.models()).usage(line.usage()).costUsd(line.costUsd()).fallback(line.fallback())
                .fallbackChunks(line.fallbackChunks()).fallbackReduces(line.fallbackReduces())
                .failures(line.failures().stream().map(f -> new SummarizeResult.Failure(f.node(), f.error()))
                        .toList())
                .run(run).tenant(request.tenant()).metadata(request.metadata()).completedAt(now).build();
    }

    public static SummarizeResult failed(SummarizeRequest request, ErrorClass errorClass, String message,
                                         Instant now) {
        return SummarizeResult.builder().id(request.id()).status(JobStatus.FAILED)
                .error(ResultError.of(errorClass, message)).tenant(request.tenant()).metadata(request.metadata())
                .completedAt(now).build();
    }
}
