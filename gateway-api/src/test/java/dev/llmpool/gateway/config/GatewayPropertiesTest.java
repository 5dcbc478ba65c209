package dev.llmpool.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

class GatewayPropertiesTest {

    private static GatewayProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("llmpool.gateway", GatewayProperties.class);
    }

    @Test
    void theLimitsDefaultToEightMegabytesOfBodyAndOpenAisMessageCount() {
        GatewayProperties.Limits limits = bind(Map.of()).limits();

        assertThat(limits.maxBodyBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(limits.maxMessages()).isEqualTo(2048);
        assertThat(limits.maxChoices()).isEqualTo(16);
        assertThat(limits.maxSubscriptionsPerJob()).isEqualTo(16);
    }

    @Test
    void theLimitsAreReadFromLlmpoolGatewayLimits() {
        GatewayProperties.Limits limits = bind(Map.of("llmpool.gateway.limits.max-body-size", "64KB",
                "llmpool.gateway.limits.max-messages", "8", "llmpool.gateway.limits.max-choices", "4",
                "llmpool.gateway.limits.max-subscriptions-per-job", "2")).limits();

        assertThat(limits.maxBodyBytes()).isEqualTo(65536);
        assertThat(limits.maxMessages()).isEqualTo(8);
        assertThat(limits.maxChoices()).isEqualTo(4);
        assertThat(limits.maxSubscriptionsPerJob()).isEqualTo(2);
    }

    @Test
    void theDefaultBodyFitsTheDefaultRecordAndABodyThatCannotIsRefusedAtStart() {
        GatewayAutoConfiguration.requireBodyFitsRecord(8 * 1024 * 1024, 16 * 1024 * 1024);
        assertThatThrownBy(() -> GatewayAutoConfiguration.requireBodyFitsRecord(8 * 1024 * 1024, 1048576))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("llmpool.gateway.limits.max-body-size (8388608 bytes)")
                .hasMessageContaining("max.request.size (1048576 bytes");
    }

    @Test
    void theRecordLimitIsTheProducersMaxRequestSizeElseKafkasDefault() {
        assertThat(GatewayAutoConfiguration.maxRecordBytes(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                Map.of("max.request.size", 16777216))))).isEqualTo(16777216);
        assertThat(GatewayAutoConfiguration.maxRecordBytes(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                Map.of("max.request.size", "2000000"))))).isEqualTo(2000000);
        assertThat(GatewayAutoConfiguration.maxRecordBytes(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                Map.<String, Object>of())))).isEqualTo(1048576);
    }
}
