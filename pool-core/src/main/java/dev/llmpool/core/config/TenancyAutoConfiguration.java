package dev.llmpool.core.config;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.LiveRoutes;
import dev.llmpool.core.routing.RouteModels;
import dev.llmpool.core.tenancy.ApiKeys;
import dev.llmpool.core.tenancy.JobCosts;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.core.tenancy.Budgets;
import dev.llmpool.core.tenancy.TenancyProperties;
import dev.llmpool.core.tenancy.UsageLedger;
import dev.llmpool.schemas.json.JsonCodec;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The stores of tenancy every role may use: API keys, budgets, the usage ledger. */
@AutoConfiguration(after = PoolCoreAutoConfiguration.class)
@EnableConfigurationProperties(TenancyProperties.class)
public class TenancyAutoConfiguration {

    @Bean
    ApiKeys apiKeys(StatefulRedisConnection<String, String> poolRedisConnection, JsonCodec codec, Clock clock) {
        return new ApiKeys(poolRedisConnection, codec, clock);
    }

    @Bean
    Budgets budgets(StatefulRedisConnection<String, String> poolRedisConnection) {
        return new Budgets(poolRedisConnection);
    }

    /** What a job may cost at most, for the budget reservations of the gateway and the batch runner. */
    @Bean
    JobCosts jobCosts(ModelCatalog catalog, LiveRoutes routes, TokenCounter tokens) {
        return new JobCosts(catalog, new RouteModels(routes, catalog), tokens);
    }

    @Bean
    UsageLedger usageLedger(StatefulRedisConnection<String, String> poolRedisConnection, ModelCatalog catalog,
                            TenancyProperties properties) {
        return new UsageLedger(poolRedisConnection, catalog, properties.usageRetention());
    }
}
