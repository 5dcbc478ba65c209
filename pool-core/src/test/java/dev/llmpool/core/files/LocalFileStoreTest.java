package dev.llmpool.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest extends FileStoreContract {

    @TempDir
    Path dir;

    private LocalFileStore store;

    @Override
    FileStore store() {
        if (store == null) {
            store = new LocalFileStore(dir, Clock.systemUTC());
        }
        return store;
    }

    @Test
    void aTemporaryFileLeftByACrashIsRemovedByALaterStartOnceItIsStale() throws IOException {
        Path leftover = Files.createDirectories(dir.resolve("files")).resolve(".partial-crashed");
        Files.writeString(leftover, "half an upload");
        Instant written = Files.getLastModifiedTime(leftover).toInstant();

        new LocalFileStore(dir, Clock.fixed(written.plus(LocalFileStore.STALE).minusSeconds(1), ZoneOffset.UTC));
        assertThat(leftover).as("another process sharing the folder may be writing it now").exists();

        new LocalFileStore(dir, Clock.fixed(written.plus(LocalFileStore.STALE).plusSeconds(1), ZoneOffset.UTC));
        assertThat(leftover).doesNotExist();
    }
}
