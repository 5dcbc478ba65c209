package dev.llmpool.batch.run;

import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.batch.JsonLines;
import dev.llmpool.core.files.FileStore;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads a batch's input file from the file store, streamed, one line at a time. */
public final class InputFiles {

    private final FileStore store;
    private final JsonCodec codec;
    private final long maxLineBytes;

    public InputFiles(FileStore store, JsonCodec codec, long maxLineBytes) {
        this.store = store;
        this.codec = codec;
        this.maxLineBytes = maxLineBytes;
    }

    public long maxLineBytes() {
        return maxLineBytes;
    }

    /** The input's lines, or empty when the file is gone. The caller closes them. */
    public Optional<JsonLines> open(String fileId) {
        return store.open(FileObject.storageKey(fileId)).map(in -> new JsonLines(in, maxLineBytes));
    }

    /** Every custom_id of a (validated) input, in order; lines without one are skipped. */
    public void customIds(String fileId, Consumer<String> each) {
        try (JsonLines lines = open(fileId).orElseThrow(() -> new IllegalStateException("the input file "
                + fileId + " is gone"))) {
            for (JsonLines.Line line = lines.next(); line != null; line = lines.next()) {
                customId(line).ifPresent(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line's custom_id, when it is a JSON object with one. */
    public Optional<String> customId(JsonLines.Line line) {
        if (line.tooLong() || line.blank()) {
            return Optional.empty();
        }
        try {
            JsonNode id = codec.readTree(line.bytes()).path("custom_id");
            return id.isString() ? Optional.of(id.asString()) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
