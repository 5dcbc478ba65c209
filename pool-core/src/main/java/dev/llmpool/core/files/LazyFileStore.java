package dev.llmpool.core.files;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link FileStore} made on first use: a process whose roles never touch files never opens the folder or contacts
 * the S3 store (a gateway-less router, a worker).
 */
public final class LazyFileStore implements FileStore {

    private final Supplier<FileStore> factory;
    private final String description;
    private volatile FileStore store;

    public LazyFileStore(Supplier<FileStore> factory, String description) {
        this.factory = factory;
        this.description = description;
    }

    private FileStore store() {
        FileStore current = store;
        if (current == null) {
            synchronized (this) {
                current = store;
                if (current == null) {
                    current = factory.get();
                    store = current;
                }
            }
        }
        return current;
    }

    @Override
    public long put(String key, InputStream content, long maxBytes) {
        return store().put(key, content, maxBytes);
    }

    @Override
    public Optional<InputStream> open(String key) {
        return store().open(key);
    }

    @Override
    public Optional<Long> size(String key) {
        return store().size(key);
    }

    @Override
    public boolean delete(String key) {
        return store().delete(key);
    }

    @Override
    public String describe() {
        FileStore current = store;
        return current == null ? description : current.describe();
    }

    @Override
    public void close() {
        FileStore current = store;
        if (current != null) {
            current.close();
        }
    }
}
