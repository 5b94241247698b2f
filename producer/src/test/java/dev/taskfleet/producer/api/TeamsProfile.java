package dev.taskfleet.producer.api;

import dev.taskfleet.producer.auth.ApiKeyRegistry;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Authentication on, with keys for several teams: two from the hash list, one from a key file
 * (as a mounted Secret would provide), and teams with small limits, a small budget, and priority
 * classes of their own.
 */
public class TeamsProfile implements QuarkusTestProfile {

    static final String KEY_A = "key-of-team-a";
    static final String KEY_B = "key-of-team-b";
    static final String KEY_TINY = "key-of-team-tiny";
    static final String KEY_SOLO = "key-of-team-solo";
    static final String KEY_FRUGAL = "key-of-team-frugal";
    static final String FRUGAL = "frugal";
    static final double FRUGAL_DAILY_BUDGET_USD = 1.0;
    static final String KEY_THRIFTY = "key-of-team-thrifty";
    static final String THRIFTY = "thrifty";
    static final String KEY_LOWS = "key-of-team-lows";
    static final String LOWS = "lows";
    static final int LOWS_BULK_ABOVE_TASKS = 2;
    static final int TINY_MAX_TASKS = 3;
    static final int TINY_MAX_PROMPT = 40;

    @Override
    public Map<String, String> getConfigOverrides() {
        Path keyFile;
        try {
            keyFile = Files.createTempFile("taskfleet-keys", ".txt");
            Files.write(keyFile, List.of("# mounted secret", "team-b:" + ApiKeyRegistry.sha256Hex(KEY_B), ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keyFile.toFile().deleteOnExit();
        return Map.ofEntries(
                Map.entry("taskfleet.auth.enabled", "true"),
                Map.entry("taskfleet.auth.api-key-hashes", String.join(",",
                        "team-a:" + ApiKeyRegistry.sha256Hex(KEY_A),
                        "tiny:" + ApiKeyRegistry.sha256Hex(KEY_TINY),
                        "solo:" + ApiKeyRegistry.sha256Hex(KEY_SOLO),
                        FRUGAL + ":" + ApiKeyRegistry.sha256Hex(KEY_FRUGAL),
                        THRIFTY + ":" + ApiKeyRegistry.sha256Hex(KEY_THRIFTY),
                        LOWS + ":" + ApiKeyRegistry.sha256Hex(KEY_LOWS))),
                Map.entry("taskfleet.auth.api-keys-file", keyFile.toString()),
                Map.entry("taskfleet.teams.tiny.max-tasks-per-batch", String.valueOf(TINY_MAX_TASKS)),
                Map.entry("taskfleet.teams.tiny.max-prompt-chars", String.valueOf(TINY_MAX_PROMPT)),
                Map.entry("taskfleet.teams.solo.max-batches-in-flight", "1"),
                Map.entry("taskfleet.teams." + FRUGAL + ".daily-budget-usd", String.valueOf(FRUGAL_DAILY_BUDGET_USD)),
                Map.entry("taskfleet.teams." + THRIFTY + ".monthly-budget-usd", "1.0"),
                Map.entry("taskfleet.teams." + LOWS + ".priorities", "standard,bulk"),
                Map.entry("taskfleet.teams." + LOWS + ".bulk-above-tasks", String.valueOf(LOWS_BULK_ABOVE_TASKS)),
                Map.entry("taskfleet.producer.budget-check-interval", "200ms"),
                Map.entry("taskfleet.topics.partitions", "3"));
    }
}
