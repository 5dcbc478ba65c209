package dev.llmpool.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.embedded.redis.EmbeddedRedis;
import dev.llmpool.embedded.redis.EmbeddedRedisSettings;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A tail whose pub/sub connection is lost gets the events announced while it was away: Redis drops the subscriber
 * and, in the same transaction, an event is added to the job's stream, so its announcement can never reach the tail.
 * Lettuce reconnects and subscribes again by itself; the tail reads what it missed from the stream.
 */
class LostSubscriptionIT {

    private static final Duration SAFETY_NET = Duration.ofSeconds(30);

    private static EmbeddedRedis redis;

    private final JsonCodec json = new JsonCodec();
    private final ApplicationContextRunner pool = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PoolCoreAutoConfiguration.class))
            .withPropertyValues("llmpool.redis.url=" + redis.url());

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aTailGetsTheEventsAnnouncedWhileItsSubscriptionWasLost() {
        pool.run(context -> {
            JobEventStream events = context.getBean(JobEventStream.class);
            String id = "lost-subscription";
            events.append(StreamEvent.queued(id, Instant.parse("2026-01-01T00:00:00Z")));
            try (EventTail tail = events.tail(id, null)) {
                assertThat(tail.poll(SAFETY_NET).event().type()).isEqualTo(StreamEvent.Type.QUEUED);

                dropSubscriberWhileAdding(id, StreamEvent.attemptStarted(id, 1, "openai", "gpt-4o-mini",
                        Instant.parse("2026-01-01T00:00:01Z")));

                StreamEntry missed = tail.poll(SAFETY_NET);
                assertThat(missed).isNotNull();
                assertThat(missed.event().type()).isEqualTo(StreamEvent.Type.ATTEMPT_STARTED);
                String live = events.append(StreamEvent.queued(id, Instant.parse("2026-01-01T00:00:02Z")));
                assertThat(tail.poll(SAFETY_NET).id()).isEqualTo(live);
                assertThat(tail.pollNow()).isNull();
            }
        });
    }

    /** {@code CLIENT KILL TYPE pubsub} and an {@code XADD} of the event to the job's stream, atomically. */
    private void dropSubscriberWhileAdding(String id, StreamEvent event) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            commands.multi();
            commands.clientKill(KillArgs.Builder.typePubsub());
            commands.xadd(RedisKeys.stream(id), "event", json.toJson(event));
            assertThat(commands.exec().wasDiscarded()).isFalse();
        } finally {
            client.shutdown();
        }
    }
}
