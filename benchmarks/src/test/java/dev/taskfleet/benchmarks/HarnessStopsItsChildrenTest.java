package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A harness stopped from outside (Ctrl-C, {@code kill}) takes the processes it started with it:
 * they run in sessions of their own, so nothing else would stop them, and an orphaned broker or
 * service would run beside the next measurement.
 */
class HarnessStopsItsChildrenTest {

    @TempDir
    Path dir;

    @Test
    // Reading the harness's output blocks; a harness that never prints must fail the test, not hang the build.
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHarnessStoppedFromOutsideStopsTheProcessesItStarted() throws Exception {
        Process harness = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildHoldingHarness.class.getName(),
                "--work-dir=" + dir)
                .redirectErrorStream(true)
                .start();
        ProcessHandle child = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(harness.getInputStream(),
                StandardCharsets.UTF_8))) {
            child = ProcessHandle.of(childPid(out)).orElseThrow();
            assertThat(child.isAlive()).as("the child runs while the harness does").isTrue();

            harness.destroy();

            assertThat(harness.waitFor(60, TimeUnit.SECONDS)).as("the harness ends on SIGTERM").isTrue();
            ProcessHandle started = child;
            await().atMost(Duration.ofSeconds(30)).until(() -> !started.isAlive());
        } finally {
            harness.destroyForcibly();
            if (child != null) {
                child.destroyForcibly();
            }
        }
    }

    /** Reads the harness's output up to its {@code child <pid>} line (it ends if the harness dies first). */
    private static long childPid(BufferedReader out) throws Exception {
        List<String> seen = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("child ")) {
                return Long.parseLong(line.substring("child ".length()).trim());
            }
            seen.add(line);
        }
        throw new AssertionError("the harness ended without starting its child: " + seen);
    }
}
