package dev.taskfleet.worker.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CostModelTest {

    private static final Price FAST = new Price(0.15, 0.60);
    private static final Price QUALITY = new Price(3, 15);

    @Test
    void chargesEachTokenKindAtItsPricePerMillion() {
        // 1000 * 0.15 / 1e6 + 500 * 0.60 / 1e6 = 0.00015 + 0.0003
        assertThat(CostModel.costUsd(FAST, 1_000, 500)).isCloseTo(0.00045, within(1e-12));
        // 1e6 * 3 / 1e6 + 1e6 * 15 / 1e6
        assertThat(CostModel.costUsd(QUALITY, 1_000_000, 1_000_000)).isCloseTo(18.0, within(1e-9));
    }

    @Test
    void costIsZeroWithoutTokensOrPrice() {
        assertThat(CostModel.costUsd(QUALITY, 0, 0)).isZero();
        assertThat(CostModel.costUsd(Price.FREE, 5_000, 5_000)).isZero();
    }

    @Test
    void costsOfCallsAddUp() {
        double together = CostModel.costUsd(QUALITY, 3_000, 900);
        double apart = CostModel.costUsd(QUALITY, 1_000, 400) + CostModel.costUsd(QUALITY, 2_000, 500);

        assertThat(together).isCloseTo(apart, within(1e-12));
    }

    @Test
    void refusesNegativeTokensAndPrices() {
        assertThatThrownBy(() -> CostModel.costUsd(FAST, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Price(-0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Price(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
