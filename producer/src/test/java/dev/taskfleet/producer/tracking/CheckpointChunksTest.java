package dev.taskfleet.producer.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckpointChunksTest {

    @Test
    void chunksReassembleIntoTheCheckpointInAnyOrder() {
        byte[] encoded = new byte[10_000];
        new Random(42).nextBytes(encoded);
        List<byte[]> chunks = CheckpointChunks.split("w-1", encoded, 3_000);
        assertThat(chunks).hasSize(4);

        CheckpointChunks.Assembler assembler = new CheckpointChunks.Assembler();
        for (int i : new int[] {2, 0, 3}) {
            assembler.add(chunks.get(i));
        }
        assertThat(assembler.newest()).isEmpty();
        assembler.add(chunks.get(1));
        assertThat(assembler.newest()).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(encoded));
        assertThat(assembler.newestGeneration()).isEqualTo("w-1");
    }

    @Test
    void aCheckpointCutOffHalfwayIsNeverTakenAndAnythingElseIsCountedAndIgnored() {
        byte[] older = "older".getBytes(StandardCharsets.UTF_8);
        byte[] newer = new byte[100];
        List<byte[]> newerChunks = CheckpointChunks.split("w-2", newer, 40);
        CheckpointChunks.Assembler assembler = new CheckpointChunks.Assembler();

        CheckpointChunks.split("w-1", older, 40).forEach(assembler::add);
        assembler.add(newerChunks.get(0));
        assembler.add(newerChunks.get(1));
        assembler.add("not a chunk".getBytes(StandardCharsets.UTF_8));
        byte[] truncated = Arrays.copyOf(newerChunks.get(2), newerChunks.get(2).length - 1);
        assembler.add(truncated);
        assembler.add(null);

        assertThat(assembler.newest()).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(older));
        assertThat(assembler.damaged()).isEqualTo(2);
    }

    @Test
    void anEmptyCheckpointIsOneChunk() {
        List<byte[]> chunks = CheckpointChunks.split("w-3", new byte[0], 40);
        CheckpointChunks.Assembler assembler = new CheckpointChunks.Assembler();
        chunks.forEach(assembler::add);
        assertThat(chunks).hasSize(1);
        assertThat(assembler.newest()).hasValueSatisfying(bytes -> assertThat(bytes).isEmpty());
    }
}
