package dev.llmpool.gateway.config;

import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.limits.RedisBuckets;
import dev.llmpool.core.tenancy.ApiKeys;
import dev.llmpool.core.tenancy.Budgets;
import dev.llmpool.core.tenancy.JobCosts;
import dev.llmpool.core.tenancy.KeyDirectory;
import dev.llmpool.core.tenancy.TenancyProperties;
import dev.llmpool.gateway.api.AdminController;
import dev.llmpool.gateway.api.UsageController;
import dev.llmpool.gateway.tenancy.Admission;
import dev.llmpool.gateway.tenancy.Authenticator;
import dev.llmpool.gateway.tenancy.KeyRateLimits;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The gateway's tenancy: who calls ({@link Authenticator} before every {@code /v1} and {@code /admin} handler, after
 * the metrics and body limit), what a job of theirs may take ({@link Admission}), the admin API and {@code /v1/usage}.
 */
@Configuration(proxyBeanMethods = false)
@Import({AdminController.class, UsageController.class})
class GatewayTenancyConfiguration {

    /** After the metrics interceptor and the body limit (order 0), so refused requests are counted and bounded. */
    static final int AUTHENTICATION_ORDER = 10;

    @Bean(destroyMethod = "close")
    KeyDirectory gatewayKeyDirectory(ApiKeys keys, RedisClient client,
                                     StatefulRedisConnection<String, String> poolRedisConnection, Clock clock,
                                     TenancyProperties tenancy) {
        return new KeyDirectory(KeyDirectory.source(keys,
                () -> poolRedisConnection.sync().get(RedisKeys.apiKeysVersion())), client.connectPubSub(), clock,
                tenancy.keyCacheTtl());
    }

    /** A connection for the keys' Bucket4j buckets (binary values). */
    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, byte[]> gatewayBucketConnection(RedisClient client) {
        return client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @Bean
    KeyRateLimits gatewayKeyRateLimits(
            @Qualifier("gatewayBucketConnection") StatefulRedisConnection<String, byte[]> buckets, Clock clock) {
        return new KeyRateLimits(RedisBuckets.proxyManager(buckets, clock, Duration.ofMinutes(1)).asAsync());
    }

    @Bean
    Admission gatewayAdmission(KeyDirectory directory, KeyRateLimits limits, Budgets budgets, JobCosts costs,
                               Clock clock, TenancyProperties tenancy, PoolProperties pool) {
        return new Admission(directory, limits, budgets, costs, clock, tenancy.holdGrace(),
                pool.redis().commandTimeout());
    }

    @Bean
    Authenticator gatewayAuthenticator(KeyDirectory directory, TenancyProperties tenancy, Clock clock) {
        return new Authenticator(directory, tenancy.masterKey(), clock);
    }

    @Bean
    WebMvcConfigurer gatewayAuthentication(Authenticator authenticator) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(authenticator).addPathPatterns("/v1/**", "/admin/**")
                        .order(AUTHENTICATION_ORDER);
            }
        };
    }
}
