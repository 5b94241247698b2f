package dev.taskfleet.producer.progress;

import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.ResultSummary;
import dev.taskfleet.contract.TierRouting;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is only worth taking if a ledger restored from it answers every question as the one
 * it was taken from would, after any records that follow; these tests hold it to that.
 */
class LedgerSnapshotTest {

    private static final List<String> TIERS = List.of("fast", "quality");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final int BATCHES = 12;

    @Test
    void aLedgerRestoredFromSnapshotsAnswersAsOneThatReadEveryRecord() throws IOException {
        Random random = new Random(11);
        ResultLog log = new ResultLog();
        BatchLedger reference = new BatchLedger(TIERS, (spans, sink) -> {
            throw new AssertionError("the reference keeps its slots");
        }, false, false);
        BatchLedger restored = new BatchLedger(TIERS, log);
        List<List<Object>> scripts = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            List<Object> script = BatchLedgerTest.script("batch-" + b, random);
            int size = ((BatchEvent) script.get(0)).taskCount();
            // The router's tally of the first placements, so that tiers' counters go through the snapshot too.
            script.add(1, aBatchEvent().batch("batch-" + b).team("team-a").occurredAt(T0).run(1)
                    .routed(b % 2 == 0 ? "fast" : "quality", new TierRouting(size, 0, 0, 0)).build());
            scripts.add(script);
        }
        long[] nextOffset = new long[3];
        int restores = 0;
        int sealedAtRestore = 0;
        int step = 0;
        InterleavedScripts records = new InterleavedScripts(scripts, random);
        for (Object record = records.next(); record != null; record = records.next()) {
            if (record instanceof BatchEvent e) {
                restored.apply(e);
                reference.apply(e);
            } else {
                ResultSummary r = (ResultSummary) record;
                int partition = Math.floorMod(r.taskId().hashCode(), 3);
                long at = nextOffset[partition]++;
                log.add(r, partition, at);
                Instant readAt = T0.plusSeconds(step);
                assertThat(restored.apply(r, partition, at, readAt)).isEqualTo(reference.apply(r, partition, at, readAt));
            }
            step++;
            if (step % 3 == 0) {
                BatchLedger next = new BatchLedger(TIERS, log);
                assertThat(next.restore(restored.snapshot())).isEqualTo(batchesKnown(reference));
                restored = next;
                restores++;
                for (int b = 0; b < BATCHES; b++) {
                    sealedAtRestore += restored.sealed("batch-" + b) ? 1 : 0;
                }
            }
            assertSameAnswers(restored, reference, step % 7 == 0);
        }
        assertSameAnswers(restored, reference, true);
        assertThat(restores).isGreaterThan(20);
        assertThat(sealedAtRestore).as("sealed batches went through snapshots").isGreaterThan(10);
        assertThat(reference.running()).isEmpty();
        assertThat(reference.spent("team-a", T0).dayUsd()).as("spend went through snapshots").isPositive();
        int mixed = 0;
        for (int b = 0; b < BATCHES; b++) {
            mixed += restored.status("batch-" + b).orElseThrow().priorities().containsKey("interactive") ? 1 : 0;
        }
        assertThat(mixed).as("batches of mixed classes went through snapshots").isPositive();
    }

    /**
     * A checkpoint written before the counted results had their classes (version 2) is refused, so
     * the replica reads the whole history instead and learns every result's class from the results.
     */
    @Test
    void aSnapshotOfTheVersionWithoutResultClassesIsRefused() throws IOException {
        BatchLedger source = new BatchLedger(TIERS, (spans, sink) -> { });
        source.apply(aBatchEvent().batch("b1").team("team-a").accepted(2).occurredAt(T0)
                .priorities(Map.of("bulk", 2)).build());
        byte[] versionTwo = source.snapshot();
        assertThat(versionTwo[7]).as("the version's low byte").isEqualTo((byte) 3);
        versionTwo[7] = 2;

        BatchLedger target = new BatchLedger(TIERS, (spans, sink) -> { });
        assertThatThrownBy(() -> target.restore(versionTwo)).isInstanceOf(IOException.class)
                .hasMessageContaining("a ledger snapshot of version 2; this build reads version 3");
        assertThat(target.status("b1")).isEmpty();
    }

    @Test
    void damagedBytesChangeNothing() throws IOException {
        BatchLedger source = new BatchLedger(TIERS, (spans, sink) -> { });
        source.apply(aBatchEvent().batch("b1").team("team-a").type(BatchEvent.Type.ACCEPTED).occurredAt(T0)
                .taskCount(2).run(1).build());
        source.apply(new ResultSummary("t1", "b1", "fast", "team-a", ResultStatus.SUCCEEDED, 1, 10, 5, 0.01, T0,
                null), 0, 0, T0);
        byte[] snapshot = source.snapshot();

        BatchLedger target = new BatchLedger(TIERS, (spans, sink) -> { });
        assertThatThrownBy(() -> target.restore(Arrays.copyOf(snapshot, snapshot.length - 3))).isInstanceOf(IOException.class);
        byte[] longer = Arrays.copyOf(snapshot, snapshot.length + 1);
        assertThatThrownBy(() -> target.restore(longer)).isInstanceOf(IOException.class).hasMessageContaining("after the end");
        byte[] otherVersion = snapshot.clone();
        otherVersion[7] = 9;
        assertThatThrownBy(() -> target.restore(otherVersion)).isInstanceOf(IOException.class).hasMessageContaining("version 9");
        assertThat(target.status("b1")).isEmpty();
        assertThat(target.teams()).isEmpty();

        assertThat(target.restore(snapshot)).isEqualTo(1);
        assertThat(target.status("b1").orElseThrow().state()).isEqualTo(BatchState.RUNNING);
        assertThat(target.status("b1").orElseThrow().succeeded()).isEqualTo(1);
        assertThat(target.spent("team-a", T0).dayUsd()).isEqualTo(0.01);
        assertThatThrownBy(() -> target.restore(snapshot)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sealedBatchesWhoseResultsRetentionDeletedAreDropped() {
        BatchLedger ledger = new BatchLedger(TIERS, (spans, sink) -> { });
        // "old": results at offsets 0 (partition 0) and 0 (partition 1); "newer": 1 and 1; "running": 2, unfinished.
        for (String batchId : List.of("old", "newer", "running")) {
            ledger.apply(aBatchEvent().batch(batchId).team("team-a").type(BatchEvent.Type.ACCEPTED).occurredAt(T0)
                    .taskCount(batchId.equals("running") ? 3 : 2).run(1).build());
        }
        long offset = 0;
        for (String batchId : List.of("old", "newer", "running")) {
            for (int partition = 0; partition < 2; partition++) {
                ledger.apply(new ResultSummary(batchId + "-" + partition, batchId, "fast", "team-a", ResultStatus.SUCCEEDED,
                        1, 10, 5, 0.01, T0, Priority.BULK), partition, offset, T0);
            }
            offset++;
        }
        assertThat(ledger.sealed("old")).isTrue();
        assertThat(ledger.sealed("running")).isFalse();

        assertThat(ledger.dropExpired(java.util.Map.of(0, 1L, 1, 0L))).as("old's result on partition 1 is still there")
                .isZero();
        assertThat(ledger.dropExpired(java.util.Map.of(0, 3L, 1, 1L))).isEqualTo(1);
        assertThat(ledger.status("old")).isEmpty();
        assertThat(ledger.status("newer")).isPresent();
        assertThat(ledger.dropExpired(java.util.Map.of(0, 10L, 1, 10L))).as("a running batch is never dropped")
                .isEqualTo(1);
        assertThat(ledger.status("running")).isPresent();
        assertThat(ledger.spent("team-a", T0).dayUsd()).as("what was spent stays spent").isEqualTo(0.06);
    }

    private static int batchesKnown(BatchLedger ledger) {
        int known = 0;
        for (int b = 0; b < BATCHES; b++) {
            known += ledger.highestRun("batch-" + b) > 0 || ledger.teamOf("batch-" + b).isPresent() ? 1 : 0;
        }
        return known;
    }

    private static void assertSameAnswers(BatchLedger restored, BatchLedger reference, boolean slots) {
        for (int b = 0; b < BATCHES; b++) {
            String batchId = "batch-" + b;
            assertThat(restored.status(batchId)).usingRecursiveComparison().isEqualTo(reference.status(batchId));
            assertThat(restored.highestRun(batchId)).isEqualTo(reference.highestRun(batchId));
            assertThat(restored.teamOf(batchId)).isEqualTo(reference.teamOf(batchId));
            if (slots) {
                assertThat(restored.failedTaskIds(batchId)).isEqualTo(reference.failedTaskIds(batchId));
                for (ResultStatus only : new ResultStatus[] {null, ResultStatus.SUCCEEDED, ResultStatus.FAILED}) {
                    assertThat(restored.finalResultOffsets(batchId, only))
                            .usingRecursiveComparison().isEqualTo(reference.finalResultOffsets(batchId, only));
                }
            }
        }
        assertThat(restored.active()).isEqualTo(reference.active());
        assertThat(restored.teams()).isEqualTo(reference.teams());
        assertThat(restored.page("team-a", 100, null)).usingRecursiveComparison().isEqualTo(reference.page("team-a", 100, null));
        assertThat(restored.spent("team-a", T0)).isEqualTo(reference.spent("team-a", T0));
    }
}
