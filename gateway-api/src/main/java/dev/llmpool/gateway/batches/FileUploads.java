package dev.llmpool.gateway.batches;

import dev.llmpool.core.batch.BatchIds;
import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.core.files.FileStore;
import dev.llmpool.core.files.FileTooLargeException;
import dev.llmpool.gateway.error.BatchApiErrors;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;

/**
 * Stores a file as it streams in: into the file store under a new id, its bytes limited by
 * {@code llmpool.files.max-bytes} and its lines by {@code llmpool.batch.max-lines} (over either, nothing is kept and
 * the caller gets 413 or 400), then its file object. Also stores the files the pool makes itself (a retry's input).
 */
public class FileUploads {

    private final FileStore store;
    private final FileRecords records;
    private final Clock clock;
    private final long maxBytes;
    private final int maxLines;

    public FileUploads(FileStore store, FileRecords records, Clock clock, long maxBytes, int maxLines) {
        this.store = store;
        this.records = records;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.maxLines = maxLines;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Stores an upload and its file object, {@code tenant}'s (null: none); the caller closes {@code content}. */
    public FileObject store(InputStream content, String filename, String purpose, String tenant) {
        String id = BatchIds.newFileId();
        long bytes;
        try {
            bytes = store.put(FileObject.storageKey(id), new LineCountingInputStream(content, maxLines), maxBytes);
        } catch (FileTooLargeException e) {
            throw BatchApiErrors.fileTooLarge(maxBytes);
        } catch (LineCountingInputStream.TooManyLinesException e) {
            throw BatchApiErrors.tooManyLines(maxLines);
        }
        Instant now = clock.instant();
        FileObject file = FileObject.of(id, bytes, now.getEpochSecond(),
                now.plus(records.ttl()).getEpochSecond(), filename, purpose);
        records.save(file, now.toEpochMilli(), tenant);
        return file;
    }
}
