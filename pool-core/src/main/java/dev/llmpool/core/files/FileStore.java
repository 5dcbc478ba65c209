package dev.llmpool.core.files;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where uploaded batch inputs and the pool's output and error files live, readable by every process of the pool.
 * Objects are written once from a stream and read as a stream: a file of hundreds of megabytes never sits whole in
 * a JVM's heap. Keys are plain relative paths ({@code files/file-abc}).
 */
public interface FileStore extends AutoCloseable {

    /**
     * Stores {@code content} under {@code key} (replacing nothing: keys are never reused). The object becomes
     * visible only once it is complete; a stream that fails, or that runs past {@code maxBytes}, leaves nothing.
     *
     * @return the number of bytes stored
     * @throws FileTooLargeException when the stream holds more than {@code maxBytes}
     */
    long put(String key, InputStream content, long maxBytes);

    /** Opens a stored object for reading; empty when there is none. The caller closes the stream. */
    Optional<InputStream> open(String key);

    /** The size of a stored object, empty when there is none. */
    Optional<Long> size(String key);

    /** Removes an object; false when there was none. */
    boolean delete(String key);

    /** Where this store keeps objects, for the banner and logs (a folder, or an endpoint and bucket). */
    String describe();

    /** Releases the store's client, if it has one. */
    @Override
    default void close() {
    }
}
