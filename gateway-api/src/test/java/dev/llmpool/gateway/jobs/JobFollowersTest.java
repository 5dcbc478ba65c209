package dev.llmpool.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.gateway.error.ApiException;
import org.junit.jupiter.api.Test;

class JobFollowersTest {

    private final JobFollowers followers = new JobFollowers(2);

    @Test
    void aJobTakesAsManyFollowersAsTheLimitAndRefusesTheNextWithA429() {
        JobFollowers.Follow first = followers.follow("a");
        followers.follow("a");
        followers.follow("b");

        assertThatThrownBy(() -> followers.follow("a")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.body().error().code()).isEqualTo("too_many_subscriptions");
        });
        assertThat(followers.count("a")).isEqualTo(2);

        first.close();
        first.close();
        assertThat(followers.count("a")).isEqualTo(1);
        followers.follow("a");
        assertThat(followers.count("a")).isEqualTo(2);
    }

    @Test
    void aJobWithNoFollowersLeftIsForgotten() {
        try (JobFollowers.Follow follow = followers.follow("c")) {
            assertThat(followers.count("c")).isEqualTo(1);
        }
        assertThat(followers.count("c")).isZero();
    }
}
