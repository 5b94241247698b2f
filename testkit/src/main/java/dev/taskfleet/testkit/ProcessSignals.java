package dev.taskfleet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Freezes and thaws a process with {@code SIGSTOP} and {@code SIGCONT}, as a stalled VM, a long
 * garbage-collection pause or a stopped container does to a service: it keeps its sockets and its
 * state but answers nothing, so its session, request and transaction timeouts run out around it.
 * The JDK can only end processes, so this sends the signals with {@code kill} (POSIX systems).
 */
public final class ProcessSignals {

    private ProcessSignals() {
    }

    /** {@code SIGSTOP}: the process stops running until {@link #thaw}; it cannot catch or ignore this. */
    public static void freeze(ProcessHandle process) {
        signal(process, "STOP");
    }

    /** {@code SIGCONT}: a frozen process runs on from where it stopped. */
    public static void thaw(ProcessHandle process) {
        signal(process, "CONT");
    }

    private static void signal(ProcessHandle process, String signal) {
        if (!process.isAlive()) {
            throw new IllegalStateException("process " + process.pid() + " is not running; cannot send SIG" + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " did not return in 10 s");
            }
            if (kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes()).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
    }
}
