package dev.taskfleet.benchmarks;

import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.SubmitResponse;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The fleet as the harnesses start it: the packaged services on free ports against the harness's
 * broker, with authentication on as it is by default, the producer knowing only the hash of the
 * harness's own API key. Harnesses that run the whole fleet start it here, so a change to the
 * services' defaults (such as API keys becoming required) reaches every one of them at once.
 */
public final class BenchFleet {

    /** The team the harnesses submit as. */
    public static final String TEAM = "bench";
    /** A second team, for harnesses that measure how teams share a tier. */
    public static final String OTHER_TEAM = "small";
    private static final String API_KEY = "taskfleet-benchmark-key-0123456789";
    private static final String OTHER_API_KEY = "taskfleet-benchmark-other-team-key-0123";

    private BenchFleet() {
    }

    /** A builder with everything but the harness's own service properties set. */
    public static LocalFleetBuilder builder(Path home, String bootstrapServers, String topicPrefix, List<String> tiers,
            Path workDir) {
        LocalFleetBuilder builder = LocalFleet.builder()
                .home(home)
                .bootstrapServers(bootstrapServers)
                .tiers(tiers)
                .topicPrefix(topicPrefix)
                .producerPort(0)
                .routerPort(0)
                .workDir(workDir)
                .serviceProperty("taskfleet.tier-order", String.join(",", tiers))
                .producerEnvironment(LocalApiKey.PRODUCER_ENV, TEAM + ":" + LocalApiKey.sha256Hex(API_KEY) + ","
                        + OTHER_TEAM + ":" + LocalApiKey.sha256Hex(OTHER_API_KEY));
        tiers.forEach(tier -> builder.workerPort(tier, 0));
        return builder;
    }

    /** A client of the fleet's producer holding the harness's key. */
    public static BatchClient client(LocalFleet fleet) {
        return new BatchClient(fleet.producerUrl(), API_KEY);
    }

    /** A client of the fleet's producer holding the key of {@link #OTHER_TEAM}. */
    public static BatchClient otherTeamClient(LocalFleet fleet) {
        return new BatchClient(fleet.producerUrl(), OTHER_API_KEY);
    }

    /**
     * Submits a JSONL body and returns the batch id.
     *
     * @throws IllegalStateException unless the producer accepted every one of {@code count} tasks
     */
    public static String submit(BatchClient client, byte[] jsonl, int count) {
        SubmitResponse response = client.submitJsonl(new ByteArrayInputStream(jsonl));
        if (!response.isAccepted() || response.accepted() != count) {
            throw new IllegalStateException("the producer did not accept all " + count + " tasks: HTTP "
                    + response.status() + ", accepted " + response.accepted() + ", " + response.rejected().size()
                    + " rejected " + response.rejected() + ", " + response.problemDetail());
        }
        return response.batchId();
    }
}
