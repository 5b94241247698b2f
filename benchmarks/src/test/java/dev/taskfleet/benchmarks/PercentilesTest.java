package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(5);
        assertThat(Percentiles.nearestRank(sorted, 95)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(sorted, 0)).isEqualTo(1);
        assertThat(Percentiles.nearestRank(new long[] {7}, 50)).isEqualTo(7);
    }

    @Test
    void noValuesHaveNoPercentile() {
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }
}
