package dev.taskfleet.producer.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.api.ProviderWait;
import dev.taskfleet.contract.ProviderBatch;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderBatchBookTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static ProviderBatch pending(String id, Map<String, Integer> perBatch) {
        int requests = perBatch.values().stream().mapToInt(Integer::intValue).sum();
        return new ProviderBatch(1, id, "bulk", "simulated-batch", "m", ProviderBatch.State.PENDING, 1, requests,
                perBatch, T0, "w", null, null, null, null, null, null, false);
    }

    @Test
    void sumsABatchOverItsProviderBatchesWithTheLatestPromise() {
        ProviderBatchBook book = new ProviderBatchBook();
        book.apply("pb-1", pending("pb-1", Map.of("b1", 5, "b2", 1)).submitted("batch_1", "in_progress", T0,
                T0.plusSeconds(86_400), "w"));
        book.apply("pb-2", pending("pb-2", Map.of("b1", 2)).submitted("batch_2", "validating", T0.plusSeconds(60),
                T0.plusSeconds(86_460), "w"));
        book.apply("pb-3", pending("pb-3", Map.of("b2", 4)));

        assertThat(book.waitingFor("b1")).isEqualTo(new ProviderWait(7, 2, T0.plusSeconds(86_460)));
        assertThat(book.waitingFor("b2")).as("pb-3 is not at the provider yet, so only pb-1 promises a time")
                .isEqualTo(new ProviderWait(5, 2, T0.plusSeconds(86_400)));
        assertThat(book.waitingFor("b3")).isEqualTo(ProviderWait.NONE);
    }

    @Test
    void anOlderRevisionNeverReplacesANewerOneAndATombstoneEndsIt() {
        ProviderBatchBook book = new ProviderBatchBook();
        ProviderBatch first = pending("pb-1", Map.of("b1", 3));
        ProviderBatch submitted = first.submitted("batch_1", "in_progress", T0, T0.plusSeconds(100), "w");
        book.apply("pb-1", submitted);
        book.apply("pb-1", first);

        assertThat(book.waitingFor("b1").expectedBy()).isEqualTo(T0.plusSeconds(100));
        book.apply("pb-1", null);
        assertThat(book.waitingFor("b1")).isEqualTo(ProviderWait.NONE);
    }
}
