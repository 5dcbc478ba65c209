package dev.llmpool.gateway.config;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.cache.ResultCache;
import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.routing.LiveRoutes;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.core.tracing.Traces;
import dev.llmpool.gateway.api.ChatCompletionsController;
import dev.llmpool.gateway.api.ChatRequestValidator;
import dev.llmpool.gateway.api.ChatStreamResponder;
import dev.llmpool.gateway.api.EmbeddingsController;
import dev.llmpool.gateway.api.EmbeddingsRequestValidator;
import dev.llmpool.gateway.api.JobEventsResponder;
import dev.llmpool.gateway.api.JobsController;
import dev.llmpool.gateway.api.MessagesController;
import dev.llmpool.gateway.api.ModelsController;
import dev.llmpool.gateway.api.RequestBodyLimit;
import dev.llmpool.gateway.api.RequestMetricsInterceptor;
import dev.llmpool.gateway.api.ResponsesController;
import dev.llmpool.gateway.api.TranslatedChats;
import dev.llmpool.gateway.error.OpenAiErrorAdvice;
import dev.llmpool.gateway.error.OpenAiErrorController;
import dev.llmpool.gateway.error.OpenAiErrorReportValve;
import dev.llmpool.gateway.jobs.JobFollowers;
import dev.llmpool.gateway.jobs.JobSubmitter;
import dev.llmpool.gateway.jobs.JobWaiter;
import dev.llmpool.gateway.responses.StoredResponses;
import dev.llmpool.gateway.tenancy.Admission;
import dev.llmpool.schemas.json.JsonCodec;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The gateway role: the OpenAI-compatible API and the job API on Spring MVC, over pool-core's Redis and Kafka
 * beans. On when {@code llmpool.gateway.enabled} (default true) in a servlet web application. Its error page
 * ({@link OpenAiErrorController}) replaces Spring Boot's, and on Tomcat its error report valve replaces Tomcat's, so
 * every answer, whatever went wrong, is OpenAI's error shape.
 */
@AutoConfiguration(after = PoolCoreAutoConfiguration.class, before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "llmpool.gateway.enabled", matchIfMissing = true)
@EnableConfigurationProperties({GatewayProperties.class, ResponsesProperties.class})
@Import({ChatCompletionsController.class, MessagesController.class, ResponsesController.class,
        EmbeddingsController.class, JobsController.class, ModelsController.class, OpenAiErrorAdvice.class,
        OpenAiErrorController.class, GatewayTenancyConfiguration.class})
public class GatewayAutoConfiguration {

    /** Room for the job envelope around a body of the largest size: its fields, metadata and Kafka's framing. */
    static final int ENVELOPE_ROOM = 64 * 1024;

    @Bean
    ChatRequestValidator gatewayChatRequestValidator(JsonCodec codec, ModelCatalog catalog, LiveRoutes routes,
                                                     GatewayProperties properties) {
        GatewayProperties.Limits limits = properties.limits();
        return new ChatRequestValidator(codec, catalog, routes::aliases,
                new ChatRequestValidator.Limits(limits.maxMessages(), limits.maxChoices()));
    }

    @Bean
    EmbeddingsRequestValidator gatewayEmbeddingsRequestValidator(JsonCodec codec, ModelCatalog catalog,
                                                                 LiveRoutes routes, TokenCounter tokens) {
        return new EmbeddingsRequestValidator(codec, catalog, routes::aliases, tokens);
    }

    @Bean
    JobSubmitter gatewayJobSubmitter(JobStore store, JobEventStream events,
                                     @Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                                     JsonCodec codec, Clock clock, GatewayProperties properties) {
        int maxRecordBytes = maxRecordBytes(kafka);
        requireBodyFitsRecord(properties.limits().maxBodyBytes(), maxRecordBytes);
        return new JobSubmitter(store, events, kafka, codec, clock, properties.publishTimeout(), maxRecordBytes);
    }

    /** The producer's {@code max.request.size}: what it was configured with, else Kafka's default. */
    static int maxRecordBytes(KafkaTemplate<String, byte[]> kafka) {
        Object configured = kafka.getProducerFactory().getConfigurationProperties()
                .get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        Object value = configured != null ? configured
                : ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return Integer.parseInt(value.toString().strip());
    }

    /**
     * Fails the start when a body the gateway accepts might not fit one Kafka record: the gateway would then refuse
     * requests under its own advertised limit.
     */
    static void requireBodyFitsRecord(int maxBodyBytes, int maxRecordBytes) {
        if ((long) maxBodyBytes + ENVELOPE_ROOM > maxRecordBytes) {
            throw new IllegalStateException("llmpool.gateway.limits.max-body-size (" + maxBodyBytes + " bytes) must "
                    + "leave " + ENVELOPE_ROOM + " bytes for the job envelope under the Kafka producer's "
                    + "max.request.size (" + maxRecordBytes + " bytes, from llmpool.topics.max-message-size): raise "
                    + "llmpool.topics.max-message-size or lower the body limit");
        }
    }

    @Bean
    TranslatedChats gatewayTranslatedChats(ResultCache cache, CacheKeys cacheKeys, JobSubmitter submitter,
                                           JobWaiter waiter, JobFollowers followers, Admission admission,
                                           Traces traces, Clock clock, GatewayProperties properties,
                                           PoolProperties pool) {
        return new TranslatedChats(cache, cacheKeys, submitter, waiter, followers, admission, traces, clock,
                properties.keepaliveInterval(), pool.jobs().defaultTimeout(), properties.maxTimeout());
    }

    @Bean
    StoredResponses gatewayStoredResponses(StatefulRedisConnection<String, String> redis, JsonCodec codec,
                                           ResponsesProperties properties) {
        return new StoredResponses(redis, codec, properties.ttl());
    }

    @Bean
    JobWaiter gatewayJobWaiter(Clock clock) {
        return new JobWaiter(clock);
    }

    @Bean
    JobFollowers gatewayJobFollowers(GatewayProperties properties) {
        return new JobFollowers(properties.limits().maxSubscriptionsPerJob());
    }

    @Bean
    RequestBodyLimit gatewayRequestBodyLimit(GatewayProperties properties) {
        return new RequestBodyLimit(properties.limits().maxBodyBytes());
    }

    @Bean
    ChatStreamResponder gatewayChatStreamResponder(JsonCodec codec, Clock clock, GatewayProperties properties) {
        return new ChatStreamResponder(codec, clock, properties.keepaliveInterval());
    }

    @Bean
    JobEventsResponder gatewayJobEventsResponder(JobEventStream events, JobStore store, JsonCodec codec, Clock clock,
                                                 GatewayProperties properties) {
        return new JobEventsResponder(events, store, codec, clock, properties.keepaliveInterval());
    }

    @Bean
    RequestMetricsInterceptor gatewayRequestMetrics(ObjectProvider<MeterRegistry> registry) {
        return new RequestMetricsInterceptor(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    WebMvcConfigurer gatewayWebMvcConfigurer(RequestMetricsInterceptor metrics, RequestBodyLimit bodyLimit) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(metrics).addPathPatterns("/v1/**");
                // uploads have their own limit (llmpool.files.max-bytes, enforced by the multipart configuration
                // while the part streams to disk)
                registry.addInterceptor(bodyLimit).addPathPatterns("/v1/**").excludePathPatterns("/v1/files");
            }
        };
    }

    /**
     * Tomcat at the edge: its error report (what it refuses before any servlet) in OpenAI's shape instead of its HTML
     * page, and {@code 100 Continue} sent only once the gateway reads the body, so a client that asks first (curl does
     * above 1 MB) gets a 413 for a {@code Content-Length} over the limit without sending the body at all.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({StandardHost.class, TomcatServletWebServerFactory.class})
    static class TomcatEdge {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> gatewayTomcatEdge(
                ObjectProvider<OpenAiErrorAdvice> advice) {
            return factory -> {
                factory.addContextCustomizers(context -> {
                    if (context.getParent() instanceof StandardHost host) {
                        host.setErrorReportValveClass(OpenAiErrorReportValve.class.getName());
                        host.getPipeline().addValve(new OpenAiErrorReportValve(advice::getObject));
                    }
                });
                factory.addProtocolHandlerCustomizers(handler -> {
                    if (handler instanceof AbstractHttp11Protocol<?> http) {
                        http.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
                    }
                });
            };
        }
    }
}
