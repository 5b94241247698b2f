package dev.taskfleet.launcher.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose standard output and error go to one log file, stopped with SIGTERM and,
 * after a grace period, SIGKILL.
 *
 * <p>Where {@code setsid} exists the child runs in its own session: a Ctrl-C in the terminal then
 * reaches only the launcher, which stops its children in order (services before the broker)
 * instead of every JVM receiving SIGINT at once. {@code setsid} replaces itself with the command,
 * so {@link #pid()} is the command's own pid.
 *
 * <p>Whoever starts a process owns it and must stop it; nothing here stops processes on its own.
 */
public final class ManagedProcess {

    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final int TAIL_BYTES = 64 * 1024;

    private final String name;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command}, truncating {@code logFile} and sending all output there.
     *
     * @throws UncheckedIOException if the process cannot be started
     */
    public static ManagedProcess start(String name, List<String> command, Path logFile) {
        return start(name, command, logFile, Map.of());
    }

    /** As {@link #start(String, List, Path)}, with these variables added to the inherited environment. */
    public static ManagedProcess start(String name, List<String> command, Path logFile, Map<String, String> environment) {
        return start(name, command, logFile, environment, false);
    }

    /**
     * As {@link #start(String, List, Path)}, but adding to {@code logFile}: a process started again
     * after it died keeps the last lines of its predecessor (why it died) above its own.
     */
    public static ManagedProcess startAppending(String name, List<String> command, Path logFile) {
        return start(name, command, logFile, Map.of(), true);
    }

    private static ManagedProcess start(String name, List<String> command, Path logFile, Map<String, String> environment,
                                        boolean append) {
        Path log = logFile.toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(detached(command))
                    .redirectErrorStream(true)
                    .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            // Nothing is ever written to the child's stdin; closing it lets a child that reads
            // stdin see end-of-file instead of blocking.
            process.getOutputStream().close();
            return new ManagedProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    private static List<String> detached(List<String> command) {
        List<String> full = new ArrayList<>();
        SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(setsid -> full.add(setsid.toString()));
        full.addAll(command);
        return full;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or {@code null} while the process runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Waits up to {@code timeout} for the process to exit; returns early when it does, which
     * makes this the pause between polls of anything that should stop when the process dies.
     *
     * @return whether the process has exited
     */
    public boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns once the process is gone. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(grace)) {
            kill();
        }
    }

    /** SIGKILL now, and wait for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(KILL_WAIT);
    }

    /** The last {@code lines} lines of the log file (fewer if it is shorter or unreadable). */
    public List<String> logTail(int lines) {
        return tail(logFile, lines);
    }

    /** The last {@code lines} lines of a text file, reading at most its last 64 KiB. */
    public static List<String> tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
