package dev.llmpool.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest extends FileStoreContract {

    @TempDir
    Path dir;

    private LocalFileStore store;

    @Override
    FileStore store() {
        if (store == null) {
            store = new LocalFileStore(dir);
        }
        return store;
    }

    @Test
    void aTemporaryFileLeftByACrashIsRemovedAtTheNextStart() throws IOException {
        Path leftover = Files.createDirectories(dir.resolve("files")).resolve(".partial-crashed");
        Files.writeString(leftover, "half an upload");
        new LocalFileStore(dir);
        assertThat(leftover).doesNotExist();
    }
}
