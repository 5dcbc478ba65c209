package dev.llmpool.core.files;

import dev.llmpool.testing.S3Server;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.springframework.util.unit.DataSize;

/** The S3 store against a real S3-compatible server (S3Proxy): multipart uploads, reads, deletes, limits. */
class S3FileStoreIT extends FileStoreContract {

    private static S3FileStore store;

    @Override
    FileStore store() {
        if (store == null) {
            URI endpoint = S3Server.shared().endpoint();
            store = FileStores.s3(new FilesProperties.S3(endpoint, "us-east-1", "llmpool-it", "pool/",
                    S3Server.ACCESS_KEY, S3Server.SECRET_KEY, true, DataSize.ofMegabytes(5)));
        }
        return store;
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }
}
