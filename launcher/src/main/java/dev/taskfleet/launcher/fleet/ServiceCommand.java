package dev.taskfleet.launcher.fleet;

import dev.taskfleet.config.FleetKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command line of one service JVM, following the launch contract every service honours:
 * {@code java -Xmx384m [options] -Dkafka.bootstrap.servers=.. -Dquarkus.http.port=..
 * -Dtaskfleet.topic-prefix=.. -Dtaskfleet.tier-order=.. [-Dtaskfleet.worker.tier=..] [-Dk=v..] -jar <jar>}.
 *
 * <p>Extra JVM options come after the default heap so they can override it; extra properties
 * come after the contract's so they can override those too (the last {@code -D} wins).
 *
 * @param java             the java executable
 * @param javaOptions      extra JVM options
 * @param jar              the service's {@code quarkus-run.jar}
 * @param bootstrapServers the broker
 * @param httpPort         the service's HTTP port
 * @param topicPrefix      the prefix of every topic
 * @param tiers            the fleet's tiers, cheapest first
 * @param workerTier       the tier a worker serves, {@code null} for other services
 * @param properties       extra system properties for the service
 */
public record ServiceCommand(String java, List<String> javaOptions, Path jar, String bootstrapServers, int httpPort,
                             String topicPrefix, List<String> tiers, String workerTier, Map<String, String> properties) {

    /** Heap of every service JVM: enough for the demo, small enough for five JVMs on a laptop. */
    public static final String DEFAULT_HEAP = "-Xmx384m";

    public ServiceCommand {
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(jar, "jar");
        javaOptions = List.copyOf(javaOptions);
        tiers = List.copyOf(tiers);
        properties = Map.copyOf(properties);
    }

    public List<String> toList() {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add(DEFAULT_HEAP);
        command.addAll(javaOptions);
        command.add("-Dkafka.bootstrap.servers=" + bootstrapServers);
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-D" + FleetKeys.TOPIC_PREFIX + "=" + topicPrefix);
        command.add("-D" + FleetKeys.TIER_ORDER + "=" + String.join(",", tiers));
        if (workerTier != null) {
            command.add("-Dtaskfleet.worker.tier=" + workerTier);
        }
        properties.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> command.add("-D" + e.getKey() + "=" + e.getValue()));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }
}
