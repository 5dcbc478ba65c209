package dev.llmpool.core.files;

import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the {@link FileStore} the properties name. */
public final class FileStores {

    private FileStores() {
    }

    public static FileStore create(FilesProperties properties, Clock clock) {
        return switch (properties.store()) {
            case LOCAL -> new LocalFileStore(Path.of(properties.local().dir()), clock);
            case S3 -> s3(properties.s3());
        };
    }

    /** The S3 store, owning its client (closing the store closes it). */
    public static S3FileStore s3(FilesProperties.S3 s3) {
        return new S3FileStore(s3Client(s3), s3.bucket(), s3.prefix(), s3.partBytes(),
                s3.endpoint() == null ? null : s3.endpoint().toString()).ensureBucket();
    }

    public static S3Client s3Client(FilesProperties.S3 s3) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                // checksums only where S3 requires them: the SDK's default trailing checksums (aws-chunked
                // uploads) are refused by many S3-compatible servers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        builder.credentialsProvider(s3.accessKey().isEmpty() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
        return builder.build();
    }
}
