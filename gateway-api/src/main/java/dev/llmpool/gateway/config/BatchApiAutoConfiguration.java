package dev.llmpool.gateway.config;

import dev.llmpool.core.batch.BatchProperties;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.files.FileStore;
import dev.llmpool.core.files.FilesProperties;
import dev.llmpool.gateway.api.BatchesController;
import dev.llmpool.gateway.api.FilesController;
import dev.llmpool.gateway.batches.BatchCommands;
import dev.llmpool.gateway.batches.BatchRetry;
import dev.llmpool.gateway.batches.Batches;
import dev.llmpool.gateway.batches.FileUploads;
import dev.llmpool.schemas.json.JsonCodec;
import jakarta.servlet.MultipartConfigElement;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The gateway's Files and Batch APIs: it stores files and batch records and tells the batch runners; it never runs a
 * batch. Multipart uploads follow {@code llmpool.files.max-bytes} and are written to disk by the servlet container
 * from their first byte (never held in memory). On with the gateway ({@code llmpool.gateway.enabled}).
 */
@AutoConfiguration(after = {PoolCoreAutoConfiguration.class, GatewayAutoConfiguration.class},
        before = MultipartAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "llmpool.gateway.enabled", matchIfMissing = true)
@Import({FilesController.class, BatchesController.class})
public class BatchApiAutoConfiguration {

    /** 1 MB over the file limit for the request: the multipart boundaries and the {@code purpose} field. */
    private static final long FORM_OVERHEAD = 1024 * 1024;

    /**
     * The servlet's multipart settings (Spring Boot's {@code spring.servlet.multipart.*} give way to this): parts go
     * to a temporary file from their first byte, and the limits are {@code llmpool.files.max-bytes}.
     */
    @Bean
    MultipartConfigElement gatewayMultipartConfig(FilesProperties files) {
        long max = files.maxBytes().toBytes();
        return new MultipartConfigElement(null, max, max + FORM_OVERHEAD, 0);
    }

    @Bean
    FileUploads gatewayFileUploads(FileStore store, FileRecords records, Clock clock, FilesProperties files,
                                   BatchProperties batch) {
        return new FileUploads(store, records, clock, files.maxBytes().toBytes(), batch.maxLines());
    }

    @Bean
    BatchCommands gatewayBatchCommands(@Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                                       JsonCodec codec, Clock clock, GatewayProperties gateway) {
        return new BatchCommands(kafka, codec, clock, gateway.publishTimeout());
    }

    @Bean
    Batches gatewayBatches(BatchRecords records, FileRecords files, BatchCommands commands, JsonCodec codec,
                           Clock clock) {
        return new Batches(records, files, commands, codec, clock);
    }

    @Bean
    BatchRetry gatewayBatchRetry(Batches batches, FileStore store, FileUploads uploads, JsonCodec codec,
                                 BatchProperties batch) {
        return new BatchRetry(batches, store, uploads, codec, batch.maxLineSize().toBytes());
    }
}
