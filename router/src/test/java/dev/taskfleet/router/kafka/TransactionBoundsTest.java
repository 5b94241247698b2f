package dev.taskfleet.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A transaction's bounds are refused when the broker could abort a transaction held that long. */
class TransactionBoundsTest {

    @Test
    void aMaxTimeUnderHalfTheTransactionTimeoutIsKept() {
        TransactionBounds bounds = new TransactionBounds(5_000, Duration.ofMillis(100));

        assertThat(bounds.within(Duration.ofSeconds(60))).isSameAs(bounds);
        assertThat(new TransactionBounds(1, Duration.ofMillis(29_999)).within(Duration.ofSeconds(60)).maxTime())
                .isEqualTo(Duration.ofMillis(29_999));
    }

    @Test
    void aMaxTimeOfHalfTheTransactionTimeoutOrMoreIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> new TransactionBounds(5_000, Duration.ofSeconds(30)).within(Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taskfleet.router.transaction.max-time (PT30S)")
                .hasMessageContaining("transaction.timeout.ms (60000 ms)");
    }

    @Test
    void recordsAndTimeMustBeSensible() {
        assertThatThrownBy(() -> new TransactionBounds(0, Duration.ofMillis(100)))
                .hasMessageContaining("max-records must be at least 1");
        assertThatThrownBy(() -> new TransactionBounds(10, Duration.ofMillis(-1)))
                .hasMessageContaining("max-time must not be negative");
    }
}
