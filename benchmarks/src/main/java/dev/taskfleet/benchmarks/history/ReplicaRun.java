package dev.taskfleet.benchmarks.history;

import dev.taskfleet.benchmarks.OneService;
import dev.taskfleet.benchmarks.ProcessSampler;
import dev.taskfleet.benchmarks.submission.GcLog;
import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.process.JavaCommand;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One fresh producer replica over the history: started cold (the packaged
 * {@code quarkus-run.jar}, authentication on with one key per team), timed from process start to
 * readiness ({@code /q/health/ready}, which waits for the batch tracker to catch up with the
 * topics), then one full GC ({@code jcmd <pid> GC.run}) whose line in the replica's GC log
 * ({@code -Xlog:gc}) gives the heap left; then the correctness checks over REST; then stopped.
 * A replica that runs out of heap, exits or is not ready in time is a result, not an error.
 */
final class ReplicaRun {

    /** How often readiness is asked: the resolution of the time to ready. */
    private static final long POLL_MS = 100;
    /** How often the log is searched for an OutOfMemoryError while waiting. */
    private static final long OOM_CHECK_MS = 2_000;
    private static final Duration GC_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> TIERS = List.of("fast", "quality");

    private ReplicaRun() {
    }

    /**
     * @param checks run once ready, after the full GC: throws if the replica answers wrongly
     */
    static ReplicaMeasurement measure(Path home, String bootstrapServers, String prefix, int historyTasks, String heap,
                                      String start, int run, Duration readyTimeout, Map<String, String> properties,
                                      String keyHashes, Path dir, Consumer<ServiceProcess> checks) throws IOException {
        Files.createDirectories(dir);
        Path gcLog = dir.resolve("producer-gc.log");
        Files.deleteIfExists(gcLog);
        Path logs = dir.resolve("logs");
        long startMs = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        try (ServiceProcess producer = OneService.start(home, "producer", bootstrapServers, prefix, TIERS,
                List.of("-Xmx" + heap, GcLog.jvmOption(gcLog)), properties,
                Map.of(LocalApiKey.PRODUCER_ENV, keyHashes), logs);
             ProcessSampler sampler = ProcessSampler.start(producer.pid())) {
            String outcome = awaitReady(producer, readyTimeout, startNanos);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long readyMs = System.currentTimeMillis();
            double cpu = producer.handle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
            long peakRss = Math.max(sampler.peakRssKib(), ProcessSampler.rssKib(producer.pid()));
            List<String> lines = ProducerLog.lines(producer.logFile());
            double toTracker = since(startMs, ProducerLog.firstAt(lines, ProducerLog.TRACKER_READING));
            double toCaughtUp = since(startMs, ProducerLog.firstAt(lines, ProducerLog.TRACKER_CAUGHT_UP));
            long recordsRead = ProducerLog.recordsRead(lines);
            List<GcLog.Pause> startup = pausesUpTo(GcLog.read(gcLog), readyMs);
            long peakHeap = startup.stream().mapToLong(GcLog.Pause::usedBefore).max().orElse(0);
            int fulls = fullPausesUpTo(gcLog, readyMs);
            if (!outcome.equals(ReplicaMeasurement.READY)) {
                return new ReplicaMeasurement(historyTasks, heap, start, run, outcome, Double.NaN, toTracker, toCaughtUp,
                        recordsRead, -1,
                        peakHeap, startup.size(), fulls, peakRss, cpu);
            }
            long afterFullGc = heapAfterFullGc(producer.pid(), gcLog);
            checks.accept(producer);
            return new ReplicaMeasurement(historyTasks, heap, start, run, outcome, seconds, toTracker, toCaughtUp,
                    recordsRead, afterFullGc,
                    peakHeap, startup.size(), fulls, peakRss, cpu);
        }
    }

    private static String awaitReady(ServiceProcess producer, Duration timeout, long startNanos) {
        long deadline = startNanos + timeout.toNanos();
        long nextOomCheck = System.nanoTime() + OOM_CHECK_MS * 1_000_000;
        while (true) {
            try {
                if (producer.pollReady()) {
                    return ReplicaMeasurement.READY;
                }
            } catch (IllegalStateException exited) {
                // "producer exited with code N before it was ready; last lines of ...": the first part
                String message = String.valueOf(exited.getMessage());
                int end = message.indexOf(';');
                return ProducerLog.outOfMemory(producer.logTail(400)) ? "out of memory, exited"
                        : end < 0 ? message : message.substring(0, end);
            }
            long now = System.nanoTime();
            if (now >= nextOomCheck) {
                if (ProducerLog.outOfMemory(producer.logTail(400))) {
                    return "out of memory after " + Math.round((now - startNanos) / 1e9) + " s";
                }
                nextOomCheck = now + OOM_CHECK_MS * 1_000_000;
            }
            if (now >= deadline) {
                return "not ready in " + timeout.toSeconds() + " s";
            }
            try {
                // Paces the polling, and returns at once if the process ends.
                producer.handle().onExit().get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still running: ask again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the producer", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<GcLog.Pause> pausesUpTo(List<GcLog.Pause> pauses, long toMs) {
        return pauses.stream().filter(p -> p.atMs() <= toMs).toList();
    }

    private static int fullPausesUpTo(Path gcLog, long toMs) throws IOException {
        if (!Files.exists(gcLog)) {
            return 0;
        }
        int count = 0;
        for (String line : Files.readAllLines(gcLog)) {
            if (line.contains("Pause Full") && GcLog.parse(List.of(line)).stream().anyMatch(p -> p.atMs() <= toMs)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Asks the JVM for a full collection ({@code jcmd <pid> GC.run}: {@code System.gc()}, a full
     * collection under G1, which the JVM picks on this machine) and reads the heap left after it
     * from the GC log's {@code Pause Full (Diagnostic Command)} line.
     */
    static long heapAfterFullGc(long pid, Path gcLog) throws IOException {
        long askedMs = System.currentTimeMillis();
        Process jcmd = new ProcessBuilder(jcmd(), Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        String answer;
        try {
            if (!jcmd.waitFor(GC_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " GC.run did not answer within " + GC_TIMEOUT);
            }
            answer = new String(jcmd.getInputStream().readAllBytes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for jcmd", e);
        }
        if (jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.run failed (" + jcmd.exitValue() + "): " + answer);
        }
        // jcmd returns once the collection is over, and the JVM writes its log line before that.
        List<String> full = new ArrayList<>();
        for (String line : Files.readAllLines(gcLog)) {
            if (line.contains("Pause Full (")) {
                full.add(line);
            }
        }
        List<GcLog.Pause> pauses = GcLog.parse(full).stream().filter(p -> p.atMs() >= askedMs).toList();
        if (pauses.isEmpty()) {
            throw new IllegalStateException("no full collection in " + gcLog + " after jcmd " + pid + " GC.run: " + answer);
        }
        return pauses.get(0).usedAfter();
    }

    /** {@code jcmd} of the JDK that runs the services. */
    private static String jcmd() {
        String java = JavaCommand.executable();
        Path sibling = Path.of(java).resolveSibling("jcmd");
        return java.contains("/") && Files.isExecutable(sibling) ? sibling.toString() : "jcmd";
    }

    private static double since(long startMs, OptionalLong atMs) {
        return atMs.isPresent() ? (atMs.getAsLong() - startMs) / 1000.0 : Double.NaN;
    }

    static String describe(ReplicaMeasurement m) {
        if (!m.ready()) {
            return String.format(Locale.ROOT, "%s (tracker started %.2f s; peak heap %.0f MiB in %d GCs (%d full), "
                            + "peak RSS %.0f MiB, CPU %.1f s until given up)", m.outcome(), m.secondsToTracker(),
                    m.peakHeapMib(), m.collections(), m.fullCollections(), m.peakRssMib(), m.cpuSeconds());
        }
        return String.format(Locale.ROOT, "%s: %.2f s to ready (tracker started %.2f s, caught up %.2f s after reading "
                        + "%d records), heap after full GC %.0f MiB, peak heap %.0f MiB in %d GCs (%d full), peak RSS "
                        + "%.0f MiB, CPU %.1f s",
                m.outcome(), m.secondsToReady(), m.secondsToTracker(), m.secondsToCaughtUp(), m.recordsRead(),
                m.heapAfterFullGcMib(),
                m.peakHeapMib(), m.collections(), m.fullCollections(), m.peakRssMib(), m.cpuSeconds());
    }
}
