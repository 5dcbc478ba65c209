package dev.llmpool.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects in an S3-compatible store (AWS S3, MinIO, …) for pools of separate processes or containers. A stream of
 * unknown length is uploaded in parts of {@code partSize} bytes (S3's multipart upload: one part in memory at a time,
 * the object visible only when the upload completes, aborted on any failure), a short one in a single request.
 *
 * <p>Written by hand over the SDK's {@code S3Client}: the SDK's transfer manager wants its asynchronous client (and
 * a native CRT or Netty runtime) for streams of unknown length, which the pool does not otherwise carry.
 */
public final class S3FileStore implements FileStore {

    /** S3's smallest part (except the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int partSize;
    private final String description;

    public S3FileStore(S3Client s3, String bucket, String prefix, int partSize, String endpoint) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size " + partSize + " is below S3's minimum of " + MIN_PART_SIZE);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? nullToEmpty(prefix) : prefix + "/";
        this.partSize = partSize;
        this.description = "s3://" + bucket + "/" + this.prefix + (endpoint == null ? "" : " at " + endpoint);
    }

    /** Creates the bucket when it does not exist yet (a fresh MinIO, a test server). */
    public S3FileStore ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception missing) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // another process created it meanwhile
            }
        }
        return this;
    }

    @Override
    public long put(String key, InputStream content, long maxBytes) {
        String object = object(key);
        try (LimitedInputStream in = new LimitedInputStream(content, maxBytes)) {
            byte[] first = in.readNBytes(partSize);
            if (first.length < partSize) {
                s3.putObject(b -> b.bucket(bucket).key(object), RequestBody.fromBytes(first));
                return first.length;
            }
            return multipart(object, in, first);
        } catch (IOException e) {
            throw new FileStoreException("could not store " + key + " in " + description + ": " + e.getMessage(), e);
        } catch (S3Exception e) {
            throw new FileStoreException("could not store " + key + " in " + description + ": "
                    + e.awsErrorDetails().errorMessage(), e);
        }
    }

    private long multipart(String object, LimitedInputStream in, byte[] first) throws IOException {
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(object)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = 0;
            byte[] part = first;
            while (part.length > 0) {
                int number = parts.size() + 1;
                byte[] body = part;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(object).uploadId(upload).partNumber(number),
                        RequestBody.fromBytes(body)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                size += part.length;
                part = in.readNBytes(partSize);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(object).uploadId(upload)
                    .multipartUpload(m -> m.parts(parts)));
            return size;
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(object).uploadId(upload));
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(object(key))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            throw new FileStoreException("could not read " + key + " in " + description + ": "
                    + e.awsErrorDetails().errorMessage(), e);
        }
    }

    @Override
    public Optional<Long> size(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(object(key))).contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new FileStoreException("could not look up " + key + " in " + description + ": "
                    + e.awsErrorDetails().errorMessage(), e);
        }
    }

    @Override
    public boolean delete(String key) {
        if (size(key).isEmpty()) {
            return false;
        }
        s3.deleteObject(b -> b.bucket(bucket).key(object(key)));
        return true;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Closes the client this store was given: the store owns it. */
    @Override
    public void close() {
        s3.close();
    }

    private String object(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("..")) {
            throw new IllegalArgumentException("not a key of this store: " + key);
        }
        return prefix + key;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
