package dev.taskfleet.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
    }

    private Process sleep(String seconds) throws IOException {
        Process process = new ProcessBuilder("sleep", seconds).start();
        started.add(process);
        return process;
    }

    @Test
    void stopsLeftoversWhoseCommandLineIsStillOursAndRemovesTheirPidFiles() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        Process leftover = sleep("313");
        run.record("worker-fast", leftover.toHandle(), "sleep 313");

        List<String> stopped = run.stopLeftovers(Duration.ofSeconds(5));

        assertThat(stopped).containsExactly("worker-fast (pid " + leftover.pid() + ")");
        assertThat(leftover.isAlive()).isFalse();
        assertThat(dir.resolve("run/worker-fast.pid")).doesNotExist();
    }

    @Test
    void leavesAProcessAloneWhenItsCommandLineIsNotTheRecordedOne() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        // As if the pid had been reused by an unrelated program since the earlier run.
        Process stranger = sleep("314");
        run.record("router", stranger.toHandle(), "/repo/router/target/quarkus-app/quarkus-run.jar");

        assertThat(run.stopLeftovers(Duration.ofSeconds(5))).isEmpty();
        assertThat(stranger.isAlive()).isTrue();
        assertThat(dir.resolve("run/router.pid")).doesNotExist();
    }

    @Test
    void ignoresPidFilesOfProcessesThatAreGoneOrUnreadable() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        Process gone = sleep("0");
        gone.waitFor();
        run.record("producer", gone.toHandle(), "sleep 0");
        Files.writeString(dir.resolve("run/broker.pid"), "garbage");

        assertThat(run.stopLeftovers(Duration.ofSeconds(5))).isEmpty();
        assertThat(dir.resolve("run")).isEmptyDirectory();
    }

    @Test
    void stopsTheMostRecentlyStartedFirst() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        Process broker = sleep("315");
        run.record("broker", broker.toHandle(), "sleep 315");
        // recordedAt has millisecond resolution; make the order unambiguous without sleeping.
        Files.writeString(dir.resolve("run/broker.pid"),
                Files.readString(dir.resolve("run/broker.pid")).replaceAll("recordedAt=\\d+", "recordedAt=1"));
        Process producer = sleep("316");
        run.record("producer", producer.toHandle(), "sleep 316");

        assertThat(run.stopLeftovers(Duration.ofSeconds(5)))
                .containsExactly("producer (pid " + producer.pid() + ")", "broker (pid " + broker.pid() + ")");
    }

    @Test
    void forgetRemovesTheRecord() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        Process process = sleep("317");
        run.record("router", process.toHandle(), "sleep 317");

        run.forget("router");

        assertThat(run.stopLeftovers(Duration.ofSeconds(5))).isEmpty();
        assertThat(process.isAlive()).isTrue();
    }
}
