package dev.taskfleet.benchmarks;

import dev.taskfleet.launcher.process.JavaCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code jcmd} (next to the {@code java} the services run on) against a service's JVM, e.g. to start and stop JFR. */
public final class Jcmd {

    private Jcmd() {
    }

    /** Starts a JFR recording named {@code name} with {@code settings=profile}, written to {@code file} when stopped. */
    public static void startRecording(long pid, String name, Path file) {
        run(pid, "JFR.start", "name=" + name, "settings=profile", "filename=" + file.toAbsolutePath());
    }

    /** Stops the recording named {@code name}, which writes its file. */
    public static void stopRecording(long pid, String name) {
        run(pid, "JFR.stop", "name=" + name);
    }

    /** Runs one {@code jcmd} command; throws when it fails or takes over a minute. */
    public static void run(long pid, String... command) {
        String java = JavaCommand.executable();
        List<String> line = new ArrayList<>();
        line.add(java.substring(0, java.length() - "java".length()) + "jcmd");
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + line, e);
        }
    }
}
