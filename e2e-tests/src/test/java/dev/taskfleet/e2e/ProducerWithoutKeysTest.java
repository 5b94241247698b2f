package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.ServiceCommand;
import dev.taskfleet.launcher.process.JavaCommand;
import dev.taskfleet.launcher.process.Ports;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.TestBrokers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged producer with authentication on (the default) and no API key refuses to start,
 * as the chart README promises, instead of starting and answering 500 to every call.
 */
class ProducerWithoutKeysTest {

    @Test
    void refusesToStartAndSaysWhichKeyIsMissing() throws Exception {
        Path home = Path.of(System.getProperty("taskfleet.home", "..")).toAbsolutePath().normalize();
        Path logDir = Files.createDirectories(home.resolve("e2e-tests/target/producer-without-keys"));
        int port = Ports.pickFree();
        ServiceCommand command = new ServiceCommand(JavaCommand.executable(), List.of(),
                LocalFleet.serviceJar(home, "producer").toAbsolutePath(), TestBrokers.shared().bootstrapServers(), port,
                "e2e-no-keys", List.of("fast", "quality"), null,
                Map.of("taskfleet.auth.enabled", "true"));

        try (ServiceProcess producer = ServiceProcess.start("producer", command.toList(),
                logDir.resolve("producer.log"), port, Map.of())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> !producer.isAlive());

            assertThat(producer.handle().isAlive()).isFalse();
            assertThatThrownBy(producer::pollReady).as("it exits with an error, never having been ready")
                    .hasMessageContaining("exited with code 1 before it was ready");
            assertThat(Files.readString(producer.logFile()))
                    .contains("taskfleet.auth.enabled is true but no API key is configured")
                    .contains("taskfleet.auth.api-key-hashes");
        }
    }
}
