package dev.llmpool.core.files;

/** The store could not be read or written (a disk or network failure); the message says which object and why. */
public class FileStoreException extends RuntimeException {

    public FileStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
