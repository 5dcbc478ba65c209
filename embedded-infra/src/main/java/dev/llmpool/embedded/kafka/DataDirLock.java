package dev.llmpool.embedded.kafka;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a broker's data directory, held from before the storage is touched until the broker stopped.
 * Kafka locks its log directories only when the broker starts, after the controller has already opened the metadata
 * log; without this lock a second broker on the same directory could write into the first one's metadata log.
 */
final class DataDirLock implements AutoCloseable {

    static final String LOCK_FILE = "embedded-kafka.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("The Kafka data directory " + dataDir + " is in use by another process");
            }
            return new DataDirLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException("The Kafka data directory " + dataDir + " is in use by another broker in this JVM", e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
