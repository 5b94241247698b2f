package dev.taskfleet.benchmarks.submission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JVM GC log written with {@code -Xlog:gc:file=<path>:timemillis}. Every pause line gives
 * the heap used before and after it, so the highest heap use is known exactly, without sampling
 * (heap use peaks just before a collection), at no cost to the process measured.
 */
public final class GcLog {

    private static final Pattern TIME = Pattern.compile("^\\[(\\d+)ms]");
    private static final Pattern HEAP = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private GcLog() {
    }

    /** The JVM option that writes the log this class reads. */
    public static String jvmOption(Path file) {
        return "-Xlog:gc:file=" + file.toAbsolutePath() + ":timemillis";
    }

    public static List<Pause> read(Path file) throws IOException {
        return parse(Files.exists(file) ? Files.readAllLines(file) : List.of());
    }

    /** The pauses in {@code lines} of such a log, in order. */
    public static List<Pause> parse(List<String> lines) {
        List<Pause> pauses = new ArrayList<>();
        for (String line : lines) {
            Matcher time = TIME.matcher(line);
            Matcher heap = HEAP.matcher(line);
            if (time.find() && heap.find()) {
                pauses.add(new Pause(Long.parseLong(time.group(1)), bytes(heap.group(1), heap.group(2)),
                        bytes(heap.group(3), heap.group(4)), bytes(heap.group(5), heap.group(6))));
            }
        }
        return pauses;
    }

    private static long bytes(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value << 30;
        };
    }

    /** What the pauses between {@code fromMs} and {@code toMs} (inclusive, epoch ms) say about the heap. */
    public static HeapWindow window(List<Pause> pauses, long fromMs, long toMs) {
        long peakBefore = 0;
        long maxAfter = 0;
        int count = 0;
        for (Pause pause : pauses) {
            if (pause.atMs() >= fromMs && pause.atMs() <= toMs) {
                peakBefore = Math.max(peakBefore, pause.usedBefore());
                maxAfter = Math.max(maxAfter, pause.usedAfter());
                count++;
            }
        }
        return new HeapWindow(peakBefore, maxAfter, count);
    }

    /** One collection: when, heap used before and after, heap committed after (bytes). */
    public record Pause(long atMs, long usedBefore, long usedAfter, long committed) {
    }

    /**
     * @param peakUsedBefore the highest heap use a collection found, bytes (0 if none ran)
     * @param maxUsedAfter   the largest heap left after a collection, bytes: the live set plus what
     *                       a young collection does not look at; the figure that grows if a
     *                       service holds a whole batch
     * @param collections    how many collections ran
     */
    public record HeapWindow(long peakUsedBefore, long maxUsedAfter, int collections) {
    }
}
