package dev.taskfleet.benchmarks;

import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.ServiceCommand;
import dev.taskfleet.launcher.process.JavaCommand;
import dev.taskfleet.launcher.process.Ports;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts ONE packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) on a free port
 * with the same launch contract {@link LocalFleet} uses, for benchmarks that measure a service
 * alone (LocalFleet always starts the whole fleet). The caller owns the returned process.
 */
public final class OneService {

    private OneService() {
    }

    /**
     * @param module      {@code producer}, {@code router} or {@code worker}
     * @param javaOptions JVM options after the launcher's default {@code -Xmx384m} (so an {@code -Xmx} here wins)
     * @param properties  system properties after the contract's ones
     * @param environment variables added to the inherited environment
     * @throws IllegalStateException if the service is not built
     */
    public static ServiceProcess start(Path home, String module, String bootstrapServers, String topicPrefix,
                                       List<String> tiers, List<String> javaOptions, Map<String, String> properties,
                                       Map<String, String> environment, Path logDir) {
        Path jar = LocalFleet.serviceJar(home, module).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not built: " + jar
                    + " is missing; build it with ./mvnw -B -pl " + module + " package -DskipTests");
        }
        int port = Ports.pickFree();
        ServiceCommand command = new ServiceCommand(JavaCommand.executable(), javaOptions, jar, bootstrapServers, port,
                topicPrefix, tiers, null, properties);
        return ServiceProcess.start(module, command.toList(), logDir.resolve(module + ".log"), port, environment);
    }
}
