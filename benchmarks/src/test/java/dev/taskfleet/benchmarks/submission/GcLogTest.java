package dev.taskfleet.benchmarks.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading heap figures out of a {@code -Xlog:gc:...:timemillis} log; lines as JDK 17 writes them. */
class GcLogTest {

    private static final List<String> LOG = List.of(
            "[1000ms] Using G1",
            "[2000ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 19M->5M(388M) 49.661ms",
            "[3000ms] GC(1) Pause Young (Concurrent Start) (G1 Evacuation Pause) 160M->40M(388M) 8.000ms",
            "[3001ms] GC(2) Concurrent Mark Cycle",
            "[4000ms] GC(3) Pause Remark 512K->512K(2G) 1.000ms",
            "[5000ms] GC(4) Pause Full (System.gc()) 1G->5M(40M) 67.084ms");

    @Test
    void everyPauseGivesHeapBeforeAndAfterInBytes() {
        List<GcLog.Pause> pauses = GcLog.parse(LOG);

        assertThat(pauses).hasSize(4);
        assertThat(pauses.get(0)).isEqualTo(new GcLog.Pause(2000, 19L << 20, 5L << 20, 388L << 20));
        assertThat(pauses.get(2).usedBefore()).isEqualTo(512L << 10);
        assertThat(pauses.get(2).committed()).isEqualTo(2L << 30);
        assertThat(pauses.get(3).usedBefore()).isEqualTo(1L << 30);
    }

    @Test
    void windowKeepsOnlyPausesInsideItInclusive() {
        GcLog.HeapWindow window = GcLog.window(GcLog.parse(LOG), 2000, 4000);

        assertThat(window.collections()).isEqualTo(3);
        assertThat(window.peakUsedBefore()).isEqualTo(160L << 20);
        assertThat(window.maxUsedAfter()).isEqualTo(40L << 20);
    }

    @Test
    void emptyWindowIsZeros() {
        assertThat(GcLog.window(GcLog.parse(LOG), 6000, 7000)).isEqualTo(new GcLog.HeapWindow(0, 0, 0));
    }

    @Test
    void optionWritesEpochMillisecondsThatTheParserReads() {
        assertThat(GcLog.jvmOption(Path.of("/tmp/x/gc.log"))).isEqualTo("-Xlog:gc:file=/tmp/x/gc.log:timemillis");
    }
}
