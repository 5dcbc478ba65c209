package dev.llmpool.core.files;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where the pool keeps files ({@code llmpool.files.*}).
 *
 * @param store {@code local} (a folder: the embedded pool's data folder) or {@code s3} (an S3-compatible store,
 *              for processes or containers that share no disk)
 * @param local the folder of the {@code local} store
 * @param s3    the bucket of the {@code s3} store
 * @param maxBytes the largest file the Files API accepts (OpenAI's 200 MB)
 * @param ttl      how long the Files API keeps a file (its {@code expires_at}); the runners' sweep then deletes its
 *                 bytes
 */
@Validated
@ConfigurationProperties("llmpool.files")
public record FilesProperties(
        @DefaultValue("local") @NotNull Store store,
        @DefaultValue Local local,
        @DefaultValue S3 s3,
        @DefaultValue("200MB") @NotNull DataSize maxBytes,
        @DefaultValue("30d") @NotNull java.time.Duration ttl) {

    public enum Store { LOCAL, S3 }

    /** @param dir the folder (created when missing) */
    public record Local(@DefaultValue(".llmpool/data/files") @NotBlank String dir) {
    }

    /**
     * @param endpoint  the store's URL (MinIO: {@code http://minio:9000}); empty for AWS S3 itself
     * @param region    the region to sign requests for
     * @param bucket    the bucket (created when missing)
     * @param prefix    a key prefix inside the bucket
     * @param accessKey the access key id; empty for the SDK's default credentials chain (environment, profile, role)
     * @param secretKey the secret key
     * @param pathStyle path-style addressing ({@code http://host/bucket/key}), which MinIO and most S3-compatible
     *                  servers want
     * @param partSize  the part size of multipart uploads (one part is held in memory at a time; at least 5 MB)
     */
    public record S3(URI endpoint,
                     @DefaultValue("us-east-1") @NotBlank String region,
                     @DefaultValue("llmpool") @NotBlank String bucket,
                     @DefaultValue("") String prefix,
                     @DefaultValue("") String accessKey,
                     @DefaultValue("") String secretKey,
                     @DefaultValue("true") boolean pathStyle,
                     @DefaultValue("8MB") @NotNull DataSize partSize) {

        public S3 {
            if (partSize != null && partSize.toBytes() < S3FileStore.MIN_PART_SIZE) {
                throw new IllegalArgumentException("llmpool.files.s3.part-size must be at least 5MB");
            }
        }

        int partBytes() {
            return (int) partSize.toBytes();
        }
    }
}
