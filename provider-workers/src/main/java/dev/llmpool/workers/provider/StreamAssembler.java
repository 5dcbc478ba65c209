package dev.llmpool.workers.provider;

import java.util.List;

/**
 * Turns the frames of one provider stream into OpenAI-style {@link DeltaPart}s as they arrive, and keeps what the
 * whole answer is built from. One assembler per stream, not thread-safe.
 *
 * @param <F> one frame of the provider's stream
 * @param <R> the provider's answer, in the shape of a non-streamed one
 */
public interface StreamAssembler<F, R> {

    /** The delta parts one frame carries, in order; none for many frames. */
    List<DeltaPart> accept(F frame);

    /** The answer assembled so far. */
    R result();
}
