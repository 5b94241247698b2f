package dev.taskfleet.benchmarks.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The milestones of a producer's start-up in its log (Quarkus's console format, local time to the
 * millisecond): when the batch tracker started reading, when it had caught up.
 */
final class ProducerLog {

    static final String TRACKER_READING = "batch-tracker reading";
    static final String TRACKER_CAUGHT_UP = "batch-tracker caught up";
    /** TopicFollower's "caught up with [topics]: N records, X MiB in Y s". */
    private static final Pattern CAUGHT_UP_RECORDS = Pattern.compile("\\]: (\\d+) records, ");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private ProducerLog() {
    }

    static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Epoch ms of the first line containing {@code marker}, if it has a readable time stamp. */
    static OptionalLong firstAt(List<String> lines, String marker) {
        for (String line : lines) {
            if (line.contains(marker) && line.length() >= 23) {
                try {
                    return OptionalLong.of(LocalDateTime.parse(line.substring(0, 23), STAMP)
                            .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
                } catch (DateTimeParseException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The records the tracker's "caught up" line says it read, or -1. */
    static long recordsRead(List<String> lines) {
        for (String line : lines) {
            Matcher m = CAUGHT_UP_RECORDS.matcher(line);
            if (line.contains(TRACKER_CAUGHT_UP) && m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }

    /** Whether the log shows the JVM running out of heap. */
    static boolean outOfMemory(List<String> lines) {
        return lines.stream().anyMatch(line -> line.contains("OutOfMemoryError"));
    }
}
