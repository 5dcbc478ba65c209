package dev.llmpool.core.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings shared by every role, under {@code llmpool.*}. Kafka itself is configured the Spring Boot way
 * ({@code spring.kafka.bootstrap-servers} and friends).
 *
 * @param instanceId this process's name in logs, attempt outcomes and metrics
 * @param redis      where Redis is
 * @param topics     how the pool's topics are created
 * @param jobs       how long job records and streams live
 * @param cache      the answer cache
 * @param catalog    where the model catalog is
 * @param routing    where the routing rules are (the router reads them whole, the gateway only their route names)
 * @param security   the key internal records are signed with
 */
@Validated
@ConfigurationProperties("llmpool")
public record PoolProperties(
        @DefaultValue("llmpool") @NotBlank String instanceId,
        @DefaultValue Redis redis,
        @DefaultValue Topics topics,
        @DefaultValue Jobs jobs,
        @DefaultValue Cache cache,
        @DefaultValue Catalog catalog,
        @DefaultValue Routing routing,
        @DefaultValue Security security) {

    /**
     * @param url            a Redis URI, e.g. {@code redis://127.0.0.1:6379}
     * @param commandTimeout the longest any Redis command may take before it fails (sync and async alike), so a
     *                       Redis that is away or stuck makes a request fail within it instead of hanging
     */
    public record Redis(@DefaultValue("redis://127.0.0.1:6379") @NotBlank String url,
                        @DefaultValue("2s") @NotNull Duration commandTimeout) {

        public Redis {
            if (commandTimeout != null && (commandTimeout.isNegative() || commandTimeout.isZero())) {
                throw new IllegalArgumentException("llmpool.redis.command-timeout must be positive, got "
                        + commandTimeout);
            }
        }
    }

    /**
     * @param partitions     partitions of each pool topic when the pool creates it
     * @param maxMessageSize the largest record the pool produces and its topics accept: the producer's
     *                       {@code max.request.size} (unless {@code spring.kafka.producer.properties} sets one) and the
     *                       {@code max.message.bytes} of every topic the pool creates. 16 MB: twice the gateway's
     *                       8 MB body limit, so a request the gateway accepts always fits, with the router's attempt
     *                       record and an answer of many choices; Kafka's own default (1 MB) refused bodies of a
     *                       few hundred KB of images. Keep it under the producer's {@code buffer.memory} (32 MB).
     */
    public record Topics(@DefaultValue("6") @Min(1) int partitions, @DefaultValue("1") @Min(1) short replicas,
                         @DefaultValue("16MB") @NotNull DataSize maxMessageSize) {

        public Topics {
            long bytes = maxMessageSize == null ? 1024 : maxMessageSize.toBytes();
            if (bytes < 1024 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("llmpool.topics.max-message-size must be from 1KB to 2GB, got "
                        + maxMessageSize);
            }
        }

        /** {@link #maxMessageSize} in bytes. */
        public int maxMessageBytes() {
            return (int) maxMessageSize.toBytes();
        }
    }

    /**
     * @param ttl            how long a job's record and event stream stay in Redis after their last write
     * @param defaultTimeout the deadline a job gets when its producer gives none
     */
    public record Jobs(@DefaultValue("24h") @NotNull Duration ttl, @DefaultValue("120s") @NotNull Duration defaultTimeout) {
    }

    /**
     * @param ttl                  how long a cached answer lives unless the job says otherwise
     * @param sharedAcrossTenants  one cache for every tenant: a tenant may then be answered with what another one
     *                             asked and learn, from {@code x-llmpool-cache: hit}, that someone did (off by
     *                             default: each tenant's answers are its own)
     */
    public record Cache(@DefaultValue("1h") @NotNull Duration ttl, @DefaultValue("false") boolean sharedAcrossTenants) {
    }

    /** @param location a Spring resource location of the catalog YAML */
    public record Catalog(@DefaultValue("classpath:llmpool/catalog.yml") @NotBlank String location) {
    }

    /**
     * @param location       a Spring resource location of the routing rules YAML
     * @param reloadInterval how often a rules file on disk ({@code file:} location) is checked for changes and
     *                       reloaded; {@code 0s} turns reloading off (classpath rules are never reloaded)
     */
    public record Routing(@DefaultValue("classpath:llmpool/routes.yml") @NotBlank String location,
                          @DefaultValue("2s") @NotNull Duration reloadInterval) {
    }

    /**
     * The pool's record key: every record the pool produces is signed with it, and its consumers of internal topics
     * act only on records it signed (see {@code dev.llmpool.core.security}).
     *
     * @param recordKey          base64 of at least 32 random bytes ({@code openssl rand -base64 32}); the launcher
     *                           reads it from {@code LLMPOOL_RECORD_KEY}. Unset: one random key shared through Redis,
     *                           stored by the first process of the pool
     * @param previousRecordKeys keys still accepted on records but no longer used to sign, for a rotation: the key
     *                           before stays here until the records it signed are read (launcher:
     *                           {@code LLMPOOL_PREVIOUS_RECORD_KEYS}, comma-separated)
     * @param keyRefresh         how often a process reads the shared key from Redis again (unused with a configured
     *                           key)
     */
    public record Security(String recordKey, @DefaultValue List<String> previousRecordKeys,
                           @DefaultValue("30s") @NotNull Duration keyRefresh) {

        public Security {
            recordKey = recordKey == null || recordKey.isBlank() ? null : recordKey;
            previousRecordKeys = previousRecordKeys == null ? List.of()
                    : previousRecordKeys.stream().filter(k -> k != null && !k.isBlank()).toList();
        }

        /** Whether a key is configured (else the pool shares one through Redis). */
        public boolean configured() {
            return recordKey != null;
        }

        /** The keys stay out of logs and error pages. */
        @Override
        public String toString() {
            return "Security[recordKey=" + (configured() ? "(set)" : "(shared through Redis)") + ", previousRecordKeys="
                    + previousRecordKeys.size() + ", keyRefresh=" + keyRefresh + "]";
        }
    }
}
