package dev.taskfleet.e2e;

import static org.awaitility.Awaitility.await;

import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.process.RunDirectory;
import dev.taskfleet.testkit.ProcessSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kafka broker in a process of its own for one test class: the launcher's {@link BrokerProcess},
 * as {@code taskfleet local} runs it. Unlike the shared test broker, which lives in the test JVM,
 * it can be killed, started again on the same ports and data, and frozen. Registered before the
 * class's {@link RunningFleet}, so it is up before the fleet starts and stopped after the fleet.
 */
final class SeparateBroker implements BeforeAllCallback, AfterAllCallback {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(30);

    private final String name;
    private RunDirectory runDirectory;
    private volatile BrokerProcess process;
    private volatile boolean frozen;

    /** @param name the folder under {@code e2e-tests/target} for its data, log and pid file */
    SeparateBroker(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path home = Path.of(System.getProperty("taskfleet.home", "..")).toAbsolutePath().normalize();
        Path dir = Files.createDirectories(home.resolve("e2e-tests/target").resolve(name));
        runDirectory = new RunDirectory(dir.resolve("run"));
        // A run killed before its clean-up leaves its broker behind, and its data would bring back
        // that run's batches: both go.
        runDirectory.stopLeftovers(LEFTOVER_GRACE);
        deleteRecursively(dir.resolve("kafka"));
        process = BrokerProcess.start(dir.resolve("kafka"), home.resolve("launcher/target/lib"), 0, 0,
                dir.resolve("logs"));
        runDirectory.record(BrokerProcess.NAME, process.handle(), process.configFile().toString());
        process.awaitReady(READY_TIMEOUT);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null) {
            if (frozen && process.isAlive()) {
                ProcessSignals.thaw(process.handle());
            }
            process.close();
            runDirectory.forget(BrokerProcess.NAME);
        }
    }

    String bootstrapServers() {
        return process.bootstrapServers();
    }

    Path logFile() {
        return process.logFile();
    }

    /** SIGKILL, as a crashed node; returns once the process is gone. */
    void kill() {
        BrokerProcess victim = process;
        victim.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> !victim.isAlive());
    }

    /** Starts the killed broker again on its ports and data and waits until it answers. */
    void restart() {
        process = process.restart();
        runDirectory.record(BrokerProcess.NAME, process.handle(), process.configFile().toString());
        process.awaitReady(READY_TIMEOUT);
    }

    /** SIGSTOP: the broker keeps its sockets open and answers nothing until {@link #thaw()}. */
    void freeze() {
        ProcessSignals.freeze(process.handle());
        frozen = true;
    }

    void thaw() {
        ProcessSignals.thaw(process.handle());
        frozen = false;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
