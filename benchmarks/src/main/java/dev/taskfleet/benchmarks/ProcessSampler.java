package dev.taskfleet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples one process's resident memory ({@code VmRSS} in {@code /proc/<pid>/status}) on a daemon
 * thread, keeping the peak, and reads its CPU time ({@code utime + stime} in {@code /proc/<pid>/stat}).
 * Linux only; elsewhere every figure is -1.
 */
public final class ProcessSampler implements AutoCloseable {

    private static final long INTERVAL_MS = 250;

    private final long pid;
    private final long cpuTicksAtStart;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakRssKib = -1;

    private ProcessSampler(long pid) {
        this.pid = pid;
        this.cpuTicksAtStart = cpuTicks(pid);
        this.thread = new Thread(this::sample, "rss-sampler-" + pid);
        this.thread.setDaemon(true);
    }

    /** Starts sampling {@code pid} now. */
    public static ProcessSampler start(long pid) {
        ProcessSampler sampler = new ProcessSampler(pid);
        sampler.thread.start();
        return sampler;
    }

    private void sample() {
        while (running) {
            long rss = rssKib(pid);
            if (rss > peakRssKib) {
                peakRssKib = rss;
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The highest VmRSS seen so far, in KiB, or -1. */
    public long peakRssKib() {
        return peakRssKib;
    }

    /** CPU clock ticks the process used since this sampler started, or -1. */
    public long cpuTicksSinceStart() {
        long now = cpuTicks(pid);
        return now < 0 || cpuTicksAtStart < 0 ? -1 : now - cpuTicksAtStart;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /** {@code VmRSS} of {@code pid} in KiB, or -1 if it cannot be read. */
    public static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which sits in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
