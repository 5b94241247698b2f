package dev.taskfleet.worker.execution;

import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.worker.cost.Price;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptHistoryTest {

    private static final TierProfile QUALITY = new TierProfile("quality", "sim-quality", 512, new Price(3, 15));
    private static final AttemptRecord ON_FAST = anAttempt().model("sim-fast").failed("TIMEOUT", "no answer")
            .latencyMs(60_000).tokens(0, 0).build();
    private static final AttemptRecord REJECTED_ON_FAST = anAttempt().model("sim-fast")
            .failed("OUTPUT_REJECTED", "not JSON").latencyMs(700).tokens(1_000, 200).cost(0.00027).build();

    private final AttemptHistory history = AttemptHistory.record(List.of(ON_FAST, REJECTED_ON_FAST), QUALITY, List.of(
            new ModelCall("PROVIDER_ERROR", "HTTP 503", Duration.ofMillis(40), 0, 0),
            new ModelCall(AttemptRecord.SUCCEEDED, null, Duration.ofMillis(2_500), 1_000, 100)));

    @Test
    void namesAndPricesThisPlacementsCallsAfterTheEarlierOnes() {
        assertThat(history.all()).hasSize(4);
        assertThat(history.all().subList(0, 2)).containsExactly(ON_FAST, REJECTED_ON_FAST);
        assertThat(history.all().get(2)).isEqualTo(anAttempt().onTier("quality").model("sim-quality")
                .failed("PROVIDER_ERROR", "HTTP 503").latencyMs(40).tokens(0, 0).cost(0).build());
        assertThat(history.all().get(3).costUsd()).isCloseTo(1_000 * 3 / 1e6 + 100 * 15 / 1e6, within(1e-12));
        assertThat(history.all().get(3).latencyMs()).isEqualTo(2_500);
    }

    @Test
    void totalsCoverEveryPlacementWhileChargesCoverOnlyThisOne() {
        assertThat(history.attempts()).isEqualTo(4);
        assertThat(history.inputTokens()).isEqualTo(2_000);
        assertThat(history.outputTokens()).isEqualTo(300);
        assertThat(history.costUsd()).isCloseTo(0.00027 + 0.0045, within(1e-12));
        assertThat(history.placementInputTokens()).isEqualTo(1_000);
        assertThat(history.placementOutputTokens()).isEqualTo(100);
        assertThat(history.placementCostUsd()).isCloseTo(0.0045, within(1e-12));
    }

    @Test
    void aPlacementWithoutCallsReportsOnlyTheEarlierOnes() {
        AttemptHistory none = AttemptHistory.before(List.of(REJECTED_ON_FAST));

        assertThat(none.all()).containsExactly(REJECTED_ON_FAST);
        assertThat(none.attempts()).isEqualTo(1);
        assertThat(none.placementCostUsd()).isZero();
        assertThat(none.costUsd()).isCloseTo(0.00027, within(1e-12));
    }
}
