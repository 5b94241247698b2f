package dev.taskfleet.launcher.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The immutable result of a {@link LocalFleetBuilder}; see the builder's methods for meanings and defaults.
 */
record FleetSettings(Path home, String bootstrapServers, List<String> tiers, String topicPrefix, int producerPort,
                     int routerPort, Map<String, Integer> workerPorts, Path workDir, Map<String, String> properties,
                     List<String> javaOptions, Map<String, String> producerEnvironment, Path kafkaLogins) {

    FleetSettings {
        tiers = List.copyOf(tiers);
        workerPorts = Map.copyOf(workerPorts);
        properties = Map.copyOf(properties);
        javaOptions = List.copyOf(javaOptions);
        producerEnvironment = Map.copyOf(producerEnvironment);
    }

    /** The first worker of each tier listens on its {@link LocalPorts#worker(int) local port} unless told otherwise. */
    int workerPort(int tierIndex) {
        return workerPorts.getOrDefault(tiers.get(tierIndex), LocalPorts.worker(tierIndex));
    }
}
