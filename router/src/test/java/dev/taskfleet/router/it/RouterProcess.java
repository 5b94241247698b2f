package dev.taskfleet.router.it;

import dev.taskfleet.testkit.ProcessSignals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged router ({@code target/quarkus-app/quarkus-run.jar}, path from the
 * {@code taskfleet.router.jar} system property failsafe sets) run as a separate process, so a
 * test can kill it the way an orchestrator does. Output goes to a log file the test reads.
 */
final class RouterProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private RouterProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the router with {@code settings} as system properties; HTTP on a free port. */
    static RouterProcess start(Map<String, String> settings, Path log) throws IOException {
        String jar = System.getProperty("taskfleet.router.jar");
        if (jar == null || !Files.exists(Paths.get(jar))) {
            throw new IllegalStateException("the packaged router is missing (" + jar + "); run the failsafe tests via mvn verify");
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dquarkus.http.port=0");
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new RouterProcess(process, log);
    }

    /** SIGKILL: no shutdown hook, no transaction commit or abort, no group leave. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP: the router stops where it is, its open transaction and consumer session with it. */
    void freeze() {
        ProcessSignals.freeze(process.toHandle());
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() {
        ProcessSignals.thaw(process.toHandle());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
