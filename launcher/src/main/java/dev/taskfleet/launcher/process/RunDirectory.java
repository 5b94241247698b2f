package dev.taskfleet.launcher.process;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pid files ({@code <name>.pid}) for the processes of a run, so that the next run can stop
 * processes a killed launcher left behind before it needs their ports.
 *
 * <p>A pid file also holds a signature, a string the process's command line must contain (its
 * jar or config file path): a pid reused by an unrelated process since then is never touched.
 */
public final class RunDirectory {

    private static final String SUFFIX = ".pid";
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    /** Remembers a started process under {@code name}, replacing an earlier record of that name. */
    public void record(String name, ProcessHandle process, String signature) {
        Properties record = new Properties();
        record.setProperty("pid", Long.toString(process.pid()));
        record.setProperty("signature", signature);
        record.setProperty("recordedAt", Long.toString(System.currentTimeMillis()));
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(file(name))) {
                record.store(out, "taskfleet launcher: " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pid file for " + name + " in " + dir, e);
        }
    }

    /** Forgets {@code name} once its process is stopped. */
    public void forget(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete pid file for " + name, e);
        }
    }

    /**
     * Stops every recorded process that is still alive and still ours, the most recently
     * started first (services before the broker they depend on), and removes all pid files.
     *
     * @return one line per process that was stopped, for the user
     */
    public List<String> stopLeftovers(Duration grace) {
        List<Leftover> leftovers = new ArrayList<>();
        for (Path file : pidFiles()) {
            readLeftover(file).ifPresent(leftovers::add);
        }
        leftovers.sort(Comparator.comparingLong(Leftover::recordedAt).reversed());
        List<String> stopped = new ArrayList<>();
        for (Leftover leftover : leftovers) {
            Optional.of(leftover.pid())
                    .filter(pid -> pid > 0)
                    .flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> isOurs(process, leftover.signature()))
                    .ifPresent(process -> {
                        String description = leftover.name() + " (pid " + process.pid() + ")";
                        stop(process, grace);
                        stopped.add(description);
                    });
            forget(leftover.name());
        }
        return stopped;
    }

    private List<Path> pidFiles() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return files;
    }

    private static Optional<Leftover> readLeftover(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        Properties record = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            record.load(in);
            return Optional.of(new Leftover(name,
                    Long.parseLong(record.getProperty("pid")),
                    record.getProperty("signature", ""),
                    Long.parseLong(record.getProperty("recordedAt", "0"))));
        } catch (IOException | RuntimeException e) {
            // A truncated or foreign file identifies nothing we could safely stop.
            return Optional.of(new Leftover(name, -1, "", 0));
        }
    }

    private static boolean isOurs(ProcessHandle process, String signature) {
        return !signature.isEmpty()
                && process.info().commandLine().map(line -> line.contains(signature)).orElse(false);
    }

    private static void stop(ProcessHandle process, Duration grace) {
        process.destroy();
        if (!awaitExit(process, grace)) {
            process.destroyForcibly();
            awaitExit(process, KILL_WAIT);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private Path file(String name) {
        return dir.resolve(name + SUFFIX);
    }

    private record Leftover(String name, long pid, String signature, long recordedAt) {
    }
}
