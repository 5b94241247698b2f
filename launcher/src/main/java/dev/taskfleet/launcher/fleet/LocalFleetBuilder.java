package dev.taskfleet.launcher.fleet;

import dev.taskfleet.config.FleetDefaults;
import dev.taskfleet.contract.TopicNames;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run a {@link LocalFleet}; {@link LocalFleet#builder()} makes one. Every setting has a
 * default, and the defaults are {@code taskfleet local}'s: the fleet's shared defaults
 * ({@link FleetDefaults}) and the fixed {@link LocalPorts}, so {@link LocalStack} sets only what
 * it cannot know in advance.
 */
public final class LocalFleetBuilder {

    private Path home = Path.of("").toAbsolutePath();
    private String bootstrapServers = LocalPorts.BOOTSTRAP_SERVERS;
    private List<String> tiers = FleetDefaults.TIERS;
    private String topicPrefix = FleetDefaults.TOPIC_PREFIX;
    private int producerPort = LocalPorts.PRODUCER;
    private int routerPort = LocalPorts.ROUTER;
    private final Map<String, Integer> workerPorts = new LinkedHashMap<>();
    private Path workDir;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private List<String> javaOptions = List.of();
    private final Map<String, String> producerEnvironment = new LinkedHashMap<>();
    private Path kafkaLogins;

    LocalFleetBuilder() {
    }

    /** The repository root holding {@code producer/}, {@code router/} and {@code worker/}; default the working directory. */
    public LocalFleetBuilder home(Path repoRoot) {
        this.home = repoRoot.toAbsolutePath().normalize();
        return this;
    }

    /** The broker every service connects to; default {@code localhost:19092}. */
    public LocalFleetBuilder bootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        return this;
    }

    /** The fleet's tiers, cheapest first; one worker is started per tier. Default {@code fast, quality}. */
    public LocalFleetBuilder tiers(List<String> tiers) {
        tiers.forEach(TopicNames::requireValidTier);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one tier");
        }
        this.tiers = List.copyOf(tiers);
        return this;
    }

    /** The prefix of every topic; default {@code taskfleet}. */
    public LocalFleetBuilder topicPrefix(String topicPrefix) {
        this.topicPrefix = new TopicNames(topicPrefix).prefix();
        return this;
    }

    /** The producer's HTTP port; default 8080, 0 picks a free port. */
    public LocalFleetBuilder producerPort(int port) {
        this.producerPort = requirePort(port);
        return this;
    }

    /** The router's HTTP port; default 8081, 0 picks a free port. */
    public LocalFleetBuilder routerPort(int port) {
        this.routerPort = requirePort(port);
        return this;
    }

    /** The HTTP port of the first worker of {@code tier}; default 8082 + the tier's index, 0 picks a free port. */
    public LocalFleetBuilder workerPort(String tier, int port) {
        workerPorts.put(TopicNames.requireValidTier(tier), requirePort(port));
        return this;
    }

    /** Where logs ({@code logs/}) and pid files ({@code run/}) go; default {@code <home>/.taskfleet}. */
    public LocalFleetBuilder workDir(Path workDir) {
        this.workDir = workDir.toAbsolutePath().normalize();
        return this;
    }

    /** A system property ({@code -Dkey=value}) for every service; may override the contract's keys. */
    public LocalFleetBuilder serviceProperty(String key, String value) {
        properties.put(requireName(key, "a service property needs a key"), value);
        return this;
    }

    /** Extra JVM options for every service, after the default {@code -Xmx384m}; default none. */
    public LocalFleetBuilder javaOptions(List<String> javaOptions) {
        this.javaOptions = List.copyOf(javaOptions);
        return this;
    }

    /**
     * An environment variable for the producer only, on top of the inherited environment; e.g.
     * {@code TASKFLEET_AUTH_API_KEY_HASHES}, which is kept out of the command line (and so out of
     * {@code ps}) and away from the other services. Default none.
     */
    public LocalFleetBuilder producerEnvironment(String name, String value) {
        producerEnvironment.put(requireName(name, "an environment variable needs a name"), value);
        return this;
    }

    /**
     * Each service logs in to Kafka as its own principal, with the files
     * {@code <directory>/<login>/username} and {@code password}, where the login is
     * {@code producer}, {@code router} or {@code worker-<tier>} ({@link LocalFleet#kafkaLogin});
     * replicas share their service's. Only the file names reach the command line. The security
     * settings every service shares ({@code kafka.security.protocol}, the trust store) are
     * {@link #serviceProperty service properties}. Default none: no login.
     */
    public LocalFleetBuilder kafkaLogins(Path directory) {
        this.kafkaLogins = directory.toAbsolutePath().normalize();
        return this;
    }

    public LocalFleet build() {
        return new LocalFleet(settings());
    }

    FleetSettings settings() {
        return new FleetSettings(home, bootstrapServers, tiers, topicPrefix, producerPort, routerPort, workerPorts,
                workDir != null ? workDir : home.resolve(".taskfleet"), properties, javaOptions, producerEnvironment,
                kafkaLogins);
    }

    private static String requireName(String name, String complaint) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(complaint);
        }
        return name;
    }

    private static int requirePort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        return port;
    }
}
