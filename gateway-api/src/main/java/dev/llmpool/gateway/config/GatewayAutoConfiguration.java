package dev.llmpool.gateway.config;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.LiveRoutes;
import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.gateway.api.ChatCompletionsController;
import dev.llmpool.gateway.api.ChatRequestValidator;
import dev.llmpool.gateway.api.ChatStreamResponder;
import dev.llmpool.gateway.api.JobEventsResponder;
import dev.llmpool.gateway.api.JobsController;
import dev.llmpool.gateway.api.ModelsController;
import dev.llmpool.gateway.api.RequestMetricsInterceptor;
import dev.llmpool.gateway.error.OpenAiErrorAdvice;
import dev.llmpool.gateway.jobs.JobSubmitter;
import dev.llmpool.gateway.jobs.JobWaiter;
import dev.llmpool.schemas.json.JsonCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The gateway role: the OpenAI-compatible API and the job API on Spring MVC, over pool-core's Redis and Kafka
 * beans. On when {@code llmpool.gateway.enabled} (default true) in a servlet web application.
 */
@AutoConfiguration(after = PoolCoreAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "llmpool.gateway.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GatewayProperties.class)
@Import({ChatCompletionsController.class, JobsController.class, ModelsController.class, OpenAiErrorAdvice.class})
public class GatewayAutoConfiguration {

    @Bean
    ChatRequestValidator gatewayChatRequestValidator(JsonCodec codec, ModelCatalog catalog, LiveRoutes routes) {
        return new ChatRequestValidator(codec, catalog, routes::aliases);
    }

    @Bean
    JobSubmitter gatewayJobSubmitter(JobStore store, JobEventStream events,
                                     @Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                                     JsonCodec codec, Clock clock, GatewayProperties properties) {
        return new JobSubmitter(store, events, kafka, codec, clock, properties.publishTimeout());
    }

    @Bean
    JobWaiter gatewayJobWaiter(Clock clock) {
        return new JobWaiter(clock);
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
    WebMvcConfigurer gatewayWebMvcConfigurer(RequestMetricsInterceptor metrics) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(metrics).addPathPatterns("/v1/**");
            }
        };
    }
}
