package dev.llmpool.core.files;

/** A stream given to {@link FileStore#put} ran past its limit; nothing was stored. */
public class FileTooLargeException extends RuntimeException {

    private final long limit;

    public FileTooLargeException(long limit) {
        super("the file is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
