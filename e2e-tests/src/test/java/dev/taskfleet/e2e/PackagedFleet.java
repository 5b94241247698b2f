package dev.taskfleet.e2e;

import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.RunDirectory;
import dev.taskfleet.testkit.TestBrokers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The packaged services as the end-to-end tests start them: against the shared test broker, on
 * free ports, with logs and pid files under {@code e2e-tests/target/<name>}.
 */
final class PackagedFleet {

    /** The team the tests submit as; the producer knows only the hash of its key, as in production. */
    static final String TEAM = "e2e";
    static final String API_KEY = "e2e-key-0123456789abcdef";

    private PackagedFleet() {
    }

    /** A builder with everything but the test's own service properties set. */
    static LocalFleet.Builder builder(String name, String topicPrefix, List<String> tiers) throws IOException {
        Path home = Path.of(System.getProperty("taskfleet.home", "..")).toAbsolutePath().normalize();
        Path workDir = Files.createDirectories(home.resolve("e2e-tests/target").resolve(name));
        // A run that was killed before @AfterAll leaves services behind; stop them first.
        new RunDirectory(workDir.resolve("run")).stopLeftovers(Duration.ofSeconds(45));
        LocalFleet.Builder builder = LocalFleet.builder()
                .home(home)
                .bootstrapServers(TestBrokers.shared().bootstrapServers())
                .topicPrefix(topicPrefix)
                .tiers(tiers)
                .producerPort(0)
                .routerPort(0)
                .workDir(workDir);
        tiers.forEach(tier -> builder.workerPort(tier, 0));
        builder.producerEnvironment(LocalApiKey.PRODUCER_ENV, TEAM + ":" + LocalApiKey.sha256Hex(API_KEY));
        return builder;
    }

    /** A client of the fleet's producer, with the key of team {@link #TEAM}. */
    static BatchClient client(LocalFleet fleet) {
        return new BatchClient(fleet.producerUrl(), API_KEY);
    }
}
