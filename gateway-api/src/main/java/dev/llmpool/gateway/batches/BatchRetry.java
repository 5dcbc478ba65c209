package dev.llmpool.gateway.batches;

import dev.llmpool.core.batch.BatchRecord;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.core.batch.CompletionWindow;
import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.batch.JsonLines;
import dev.llmpool.core.files.FileStore;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.error.BatchApiErrors;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/batches/{id}/retry} (an extension): a new batch of the lines of a finished batch that did not
 * complete (whose custom_id is in its error file: failed, expired or cancelled), read from the first batch's input
 * file into a new input file, with the same endpoint and window and {@code metadata.llmpool_retry_of} naming the first.
 */
public class BatchRetry {

    /** The metadata key naming the batch a retry repeats. */
    public static final String RETRY_OF = "llmpool_retry_of";

    private final Batches batches;
    private final FileStore store;
    private final FileUploads uploads;
    private final JsonCodec codec;
    private final long maxLineBytes;

    public BatchRetry(Batches batches, FileStore store, FileUploads uploads, JsonCodec codec, long maxLineBytes) {
        this.batches = batches;
        this.store = store;
        this.uploads = uploads;
        this.codec = codec;
        this.maxLineBytes = maxLineBytes;
    }

    /** A new batch, the caller's, of the lines of its batch {@code id} that did not complete. */
    public BatchRecord retry(String id, Caller caller) {
        BatchRecord first = batches.find(id, caller);
        BatchStatus status = first.status();
        if (!status.isFinal() || status == BatchStatus.FAILED) {
            throw BatchApiErrors.notRetriable(id, status == BatchStatus.FAILED
                    ? "it failed validation; fix its input file and create a new batch."
                    : "it is still " + status.json() + "; retry it once it has ended.");
        }
        if (first.errorFileId() == null) {
            throw BatchApiErrors.notRetriable(id, "every line completed.");
        }
        Set<String> retried = customIds(first.errorFileId());
        Path lines = linesToRetry(first.inputFileId(), retried, id);
        FileObject input;
        try (InputStream in = Files.newInputStream(lines)) {
            input = uploads.store(in, "retry-of-" + id + ".jsonl", FileObject.PURPOSE_BATCH, first.tenant());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(lines);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, String> before = first.metadata(codec);
        if (before != null) {
            metadata.putAll(before);
        }
        metadata.put(RETRY_OF, id);
        return batches.create(new BatchCreateRequest(input.id(), first.endpoint(), first.completionWindow(),
                CompletionWindow.parse(first.completionWindow(), Duration.ZERO, Duration.ofDays(36_500)), metadata),
                caller);
    }

    private Set<String> customIds(String errorFileId) {
        Set<String> ids = new HashSet<>();
        try (JsonLines reader = new JsonLines(open(errorFileId), Long.MAX_VALUE)) {
            for (JsonLines.Line line = reader.next(); line != null; line = reader.next()) {
                if (!line.blank()) {
                    ids.add(codec.readTree(line.bytes()).path("custom_id").asString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** The input lines whose custom_id is to be retried, as they were, in a temporary file. */
    private Path linesToRetry(String inputFileId, Set<String> retried, String id) {
        Path temp = null;
        try {
            temp = Files.createTempFile("llmpool-retry-", ".jsonl");
            try (JsonLines reader = new JsonLines(open(inputFileId), maxLineBytes);
                 OutputStream out = Files.newOutputStream(temp)) {
                for (JsonLines.Line line = reader.next(); line != null; line = reader.next()) {
                    if (line.tooLong() || line.blank()) {
                        continue;
                    }
                    JsonNode custom = codec.readTree(line.bytes()).path("custom_id");
                    if (custom.isString() && retried.contains(custom.asString())) {
                        out.write(line.bytes());
                        out.write('\n');
                    }
                }
            }
            return temp;
        } catch (IOException e) {
            delete(temp);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete(temp);
            throw e;
        }
    }

    private InputStream open(String fileId) {
        return store.open(FileObject.storageKey(fileId)).orElseThrow(() -> ApiException.invalidRequest(
                "The file " + fileId + " of this batch is gone; it cannot be retried.", "id", "file_not_found"));
    }

    private static void delete(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary file the OS cleans up
            }
        }
    }
}
