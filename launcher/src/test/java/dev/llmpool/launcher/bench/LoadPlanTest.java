package dev.llmpool.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadPlanTest {

    @Test
    void aRateMakesItOpenLoopWithCallsDueOnAFixedSchedule() {
        LoadPlan plan = new LoadPlan(10, 1, 200);
        assertThat(plan.openLoop()).isTrue();
        assertThat(plan.dueNanos(0)).isZero();
        assertThat(plan.dueNanos(1)).isEqualTo(5_000_000L);
        assertThat(plan.dueNanos(200)).isEqualTo(1_000_000_000L);
    }

    @Test
    void noRateIsClosedLoop() {
        LoadPlan plan = new LoadPlan(10, 50, 0);
        assertThat(plan.openLoop()).isFalse();
        assertThat(plan.dueNanos(7)).isZero();
        assertThat(plan.withRequests(3)).isEqualTo(new LoadPlan(3, 50, 0));
    }

    @Test
    void nonsenseIsRejected() {
        assertThatThrownBy(() -> new LoadPlan(-1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadPlan(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadPlan(1, 1, -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadPlan(1, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
