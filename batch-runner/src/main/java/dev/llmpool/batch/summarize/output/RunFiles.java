package dev.llmpool.batch.summarize.output;

import dev.llmpool.batch.summarize.run.DocumentSummary;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The output files of a run, written as outcomes arrive in input order: one JSONL line per summarized document,
 * and in the errors file one line per document without a summary ({@code {"id","error"}}) and per node summarized
 * extractively ({@code {"id","node","error","fallback":"extractive"}}). Both are rewritten whole by every run, so a
 * resumed run writes the same files as one that was never interrupted.
 */
public final class RunFiles implements Consumer<Outcome>, AutoCloseable {

    private final JsonCodec codec;
    private final BufferedWriter out;
    private final BufferedWriter errors;
    private int summarized;
    private int failed;
    private int fallbacks;
    private long tokens;
    private double costUsd;

    public RunFiles(Path output, Path errorsFile, JsonCodec codec) {
        this.codec = codec;
        try {
            createParent(output);
            createParent(errorsFile);
            this.out = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
            this.errors = Files.newBufferedWriter(errorsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + " or " + errorsFile, e);
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    @Override
    public synchronized void accept(Outcome outcome) {
        try {
            if (outcome.summary() != null) {
                DocumentSummary summary = outcome.summary();
                out.write(codec.toJson(summary));
                out.write('\n');
                out.flush();
                summarized++;
                tokens += summary.usage().totalTokens();
                costUsd += summary.costUsd();
                for (DocumentSummary.Failure failure : summary.failures()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("id", summary.id());
                    line.put("node", failure.node());
                    line.put("error", failure.error());
                    line.put("fallback", "extractive");
                    errors.write(codec.toJson(line));
                    errors.write('\n');
                    fallbacks++;
                }
            } else {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", outcome.id());
                line.put("error", outcome.error());
                errors.write(codec.toJson(line));
                errors.write('\n');
                failed++;
            }
            errors.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized int summarized() {
        return summarized;
    }

    public synchronized int failed() {
        return failed;
    }

    /** Tokens of the summarized documents' calls. */
    public synchronized long tokens() {
        return tokens;
    }

    /** Their cost at the catalog's prices. */
    public synchronized double costUsd() {
        return costUsd;
    }

    public synchronized int fallbacks() {
        return fallbacks;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
            errors.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
