package dev.taskfleet.e2e;

import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.SubmitResponse;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import dev.taskfleet.launcher.process.RunDirectory;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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

    /** A builder on the shared test broker with everything but the test's own service properties set. */
    static LocalFleetBuilder builder(String name, String topicPrefix, List<String> tiers) throws IOException {
        return builder(name, topicPrefix, tiers, TestBrokers.shared().bootstrapServers());
    }

    /** As {@link #builder(String, String, List)}, on the broker at {@code bootstrapServers}. */
    static LocalFleetBuilder builder(String name, String topicPrefix, List<String> tiers, String bootstrapServers)
            throws IOException {
        Path home = Path.of(System.getProperty("taskfleet.home", "..")).toAbsolutePath().normalize();
        Path workDir = Files.createDirectories(home.resolve("e2e-tests/target").resolve(name));
        // A run that was killed before @AfterAll leaves services behind; stop them first.
        new RunDirectory(workDir.resolve("run")).stopLeftovers(Duration.ofSeconds(45));
        LocalFleetBuilder builder = LocalFleet.builder()
                .home(home)
                .bootstrapServers(bootstrapServers)
                .topicPrefix(topicPrefix)
                .tiers(tiers)
                .producerPort(0)
                .routerPort(0)
                .workDir(workDir);
        tiers.forEach(tier -> builder.workerPort(tier, 0));
        builder.producerEnvironment(LocalApiKey.PRODUCER_ENV, TEAM + ":" + LocalApiKey.sha256Hex(API_KEY));
        return builder;
    }

    /**
     * A fleet with one tier, {@code fast}, whose every model call takes about a second and none
     * fails: slow enough that a worker stopped or killed mid-batch has many calls in flight.
     */
    static LocalFleetBuilder slowSingleTier(String name, String topicPrefix) throws IOException {
        return builder(name, topicPrefix, List.of("fast"))
                .serviceProperty("taskfleet.tiers.fast.simulated.latency-median", "PT1S")
                .serviceProperty("taskfleet.tiers.fast.simulated.failure-rate", "0")
                .serviceProperty("taskfleet.worker.max-in-flight", "32");
    }

    /**
     * A fleet with one tier, {@code fast}, whose model is {@code server}: its calls are answered
     * when the server's gate lets them through, so the test decides when the batch may finish.
     */
    static LocalFleetBuilder gatedSingleTier(String name, String topicPrefix, ScriptedModelServer server)
            throws IOException {
        return gatedTier(builder(name, topicPrefix, List.of("fast")), "fast", server)
                .serviceProperty("taskfleet.worker.max-in-flight", "32");
    }

    /**
     * Points {@code tier} at {@code server}'s OpenAI-compatible endpoint. A held call must outlast
     * whatever the test waits for while holding it, so the call timeout is far longer than any test.
     */
    static LocalFleetBuilder gatedTier(LocalFleetBuilder builder, String tier, ScriptedModelServer server) {
        server.route(OpenAiChat.COMPLETIONS);
        String keys = "taskfleet.tiers." + tier + ".";
        return builder
                .serviceProperty(keys + "provider", "openai")
                .serviceProperty(keys + "base-url", OpenAiChat.baseUrl(server))
                .serviceProperty(keys + "api-key", "sk-e2e-gated")
                .serviceProperty(keys + "timeout", "PT15M")
                // The worker refuses a timeout its commit strategy would not wait for: 2 h covers
                // twice the slowest task (3 x 15 min calls + 2 x 60 s Retry-After cap).
                .serviceProperty("mp.messaging.incoming.tasks.throttled.unprocessed-record-max-age.ms", "7200000");
    }

    /**
     * A fleet with one tier, {@code fast}, served through a provider batch API ({@code openai-batch}
     * or {@code anthropic-batch}) at {@code baseUrl}: the worker sends one provider batch once
     * {@code gatherSize} tasks are in (the gather time is far longer than routing them takes, so it
     * never cuts the batch short) and polls it every half second.
     */
    static LocalFleetBuilder batchSingleTier(String name, String topicPrefix, String provider, String baseUrl,
            int gatherSize) throws IOException {
        return batchTier(builder(name, topicPrefix, List.of("fast")), "fast", provider, baseUrl, gatherSize);
    }

    /**
     * Serves {@code tier} through a provider batch API at {@code baseUrl}, as
     * {@link #batchSingleTier} describes: one provider batch once {@code gatherSize} tasks are in,
     * polled every half second.
     */
    static LocalFleetBuilder batchTier(LocalFleetBuilder builder, String tier, String provider, String baseUrl,
            int gatherSize) {
        String keys = "taskfleet.tiers." + tier + ".";
        return builder
                .serviceProperty(keys + "provider", provider)
                .serviceProperty(keys + "base-url", baseUrl)
                .serviceProperty(keys + "model", "e2e-batch-model")
                .serviceProperty(keys + "api-key", "sk-e2e-batch")
                .serviceProperty(keys + "batch.gather-size", Integer.toString(gatherSize))
                .serviceProperty(keys + "batch.gather-time", "PT2M")
                .serviceProperty(keys + "batch.poll-interval", "PT0.5S");
    }

    /** Submits {@code count} refactoring tasks with ids {@code <idPrefix>-0...}; asserts all were accepted. */
    static SubmitResponse submitRefactors(LocalFleet fleet, String idPrefix, int count) {
        String body = IntStream.range(0, count)
                .mapToObj(i -> TaskBuilder.task().id(idPrefix + "-" + i).type("refactor").submissionJson())
                .collect(Collectors.joining("\n", "", "\n"));
        SubmitResponse response = client(fleet).submitJsonl(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        if (response.accepted() != count) {
            throw new AssertionError("the producer accepted " + response.accepted() + " of " + count + " tasks: " + response);
        }
        return response;
    }

    /** A client of the fleet's producer, with the key of team {@link #TEAM}. */
    static BatchClient client(LocalFleet fleet) {
        return client(fleet.producerUrl());
    }

    /** A client of one producer replica, with the key of team {@link #TEAM}. */
    static BatchClient client(URI producer) {
        return new BatchClient(producer, API_KEY);
    }
}
