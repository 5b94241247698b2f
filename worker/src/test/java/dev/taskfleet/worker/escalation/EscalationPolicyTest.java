package dev.taskfleet.worker.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.worker.provider.ModelCallException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationPolicyTest {

    private final EscalationPolicy policy = new EscalationPolicy(List.of("fast", "quality", "premium"));

    @Test
    void failuresAStrongerModelMayFixGoToTheNextTierUp() {
        assertThat(policy.escalateTo("fast", ModelCallException.OUTPUT_REJECTED, false)).contains("quality");
        assertThat(policy.escalateTo("fast", ModelCallException.CONTEXT_LENGTH, false)).contains("quality");
        assertThat(policy.escalateTo("quality", ModelCallException.TIMEOUT, true)).contains("premium");
        assertThat(policy.escalateTo("fast", ModelCallException.PROVIDER_ERROR, true)).contains("quality");
        assertThat(policy.escalateTo("fast", ModelCallException.RATE_LIMITED, true)).contains("quality");
    }

    @Test
    void configurationProblemsNeverEscalate() {
        assertThat(policy.escalateTo("fast", ModelCallException.AUTH_FAILED, false)).isEmpty();
        assertThat(policy.escalateTo("fast", ModelCallException.BAD_REQUEST, false)).isEmpty();
        assertThat(policy.escalateTo("fast", ModelCallException.NOT_FOUND, false)).isEmpty();
        assertThat(policy.escalateTo("fast", ModelCallException.UNKNOWN_MODEL, false)).isEmpty();
        // Even if some provider marked one retryable, it stays loud.
        assertThat(policy.escalateTo("fast", ModelCallException.AUTH_FAILED, true)).isEmpty();
    }

    @Test
    void otherPermanentFailuresDoNotEscalate() {
        assertThat(policy.escalateTo("fast", "WORKER_ERROR", false)).isEmpty();
    }

    @Test
    void theTopTierAndUnknownTiersHaveNowhereToGo() {
        assertThat(policy.escalateTo("premium", ModelCallException.OUTPUT_REJECTED, false)).isEmpty();
        assertThat(policy.escalateTo("other", ModelCallException.TIMEOUT, true)).isEmpty();
        assertThat(new EscalationPolicy(List.of("fast")).escalateTo("fast", ModelCallException.TIMEOUT, true)).isEmpty();
    }

    @Test
    void refusesAnEmptyOrInvalidTierOrder() {
        assertThatThrownBy(() -> new EscalationPolicy(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EscalationPolicy(List.of("Fast Tier"))).isInstanceOf(IllegalArgumentException.class);
    }
}
