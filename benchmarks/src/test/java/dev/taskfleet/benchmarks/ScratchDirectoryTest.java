package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A harness run's scratch directory, such as its broker's data, is gone when the run ends. */
class ScratchDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void closingDeletesTheDirectoryAndEverythingInItAndNothingBeside() throws Exception {
        Path work = Files.createDirectories(parent.resolve("work"));
        Path neighbour = Files.writeString(work.resolve("keep.log"), "kept");
        Path data;
        try (ScratchDirectory scratch = ScratchDirectory.create(work, "broker-")) {
            data = scratch.path();
            assertThat(data.getFileName().toString()).startsWith("broker-");
            Files.writeString(Files.createDirectories(data.resolve("data/pl.tasks-0")).resolve("00000000000000000000.log"),
                    "records");
        }

        assertThat(data).doesNotExist();
        assertThat(work).isDirectory();
        assertThat(neighbour).hasContent("kept");
    }

    @Test
    void aDirectoryAlreadyGoneIsFine() throws Exception {
        ScratchDirectory scratch = ScratchDirectory.create(parent, "broker-");
        scratch.close();

        assertThatCode(scratch::close).doesNotThrowAnyException();
        assertThat(scratch.delete()).isTrue();
    }
}
