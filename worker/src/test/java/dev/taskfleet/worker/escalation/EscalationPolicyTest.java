package dev.taskfleet.worker.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.ResultErrorCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationPolicyTest {

    private final EscalationPolicy policy = new EscalationPolicy(List.of("fast", "quality", "premium"));

    @Test
    void failuresAStrongerModelMayFixGoToTheNextTierUp() {
        assertThat(policy.escalateTo("fast", ResultErrorCodes.OUTPUT_REJECTED, false)).contains("quality");
        assertThat(policy.escalateTo("fast", ResultErrorCodes.CONTEXT_LENGTH, false)).contains("quality");
        assertThat(policy.escalateTo("quality", ResultErrorCodes.TIMEOUT, true)).contains("premium");
        assertThat(policy.escalateTo("fast", ResultErrorCodes.PROVIDER_ERROR, true)).contains("quality");
        assertThat(policy.escalateTo("fast", ResultErrorCodes.RATE_LIMITED, true)).contains("quality");
    }

    @Test
    void configurationProblemsNeverEscalate() {
        assertThat(policy.escalateTo("fast", ResultErrorCodes.AUTH_FAILED, false)).isEmpty();
        assertThat(policy.escalateTo("fast", ResultErrorCodes.BAD_REQUEST, false)).isEmpty();
        assertThat(policy.escalateTo("fast", ResultErrorCodes.NOT_FOUND, false)).isEmpty();
        assertThat(policy.escalateTo("fast", ResultErrorCodes.UNKNOWN_MODEL, false)).isEmpty();
        // Even if some provider marked one retryable, it stays loud.
        assertThat(policy.escalateTo("fast", ResultErrorCodes.AUTH_FAILED, true)).isEmpty();
    }

    @Test
    void otherPermanentFailuresDoNotEscalate() {
        assertThat(policy.escalateTo("fast", "WORKER_ERROR", false)).isEmpty();
    }

    @Test
    void theTopTierAndUnknownTiersHaveNowhereToGo() {
        assertThat(policy.escalateTo("premium", ResultErrorCodes.OUTPUT_REJECTED, false)).isEmpty();
        assertThat(policy.escalateTo("other", ResultErrorCodes.TIMEOUT, true)).isEmpty();
        assertThat(new EscalationPolicy(List.of("fast")).escalateTo("fast", ResultErrorCodes.TIMEOUT, true)).isEmpty();
    }

    @Test
    void refusesAnEmptyOrInvalidTierOrder() {
        assertThatThrownBy(() -> new EscalationPolicy(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EscalationPolicy(List.of("Fast Tier"))).isInstanceOf(IllegalArgumentException.class);
    }
}
