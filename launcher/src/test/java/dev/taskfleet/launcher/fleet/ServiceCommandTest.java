package dev.taskfleet.launcher.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceCommandTest {

    private static final Path JAR = Path.of("/repo/worker/target/quarkus-app/quarkus-run.jar");

    @Test
    void followsTheLaunchContract() {
        ServiceCommand command = new ServiceCommand("java", List.of(), JAR, "localhost:19092", 8082, "taskfleet",
                List.of("fast", "quality"), "fast", Map.of());

        assertThat(command.toList()).containsExactly(
                "java", "-Xmx384m",
                "-Dkafka.bootstrap.servers=localhost:19092",
                "-Dquarkus.http.port=8082",
                "-Dtaskfleet.topic-prefix=taskfleet",
                "-Dtaskfleet.tier-order=fast,quality",
                "-Dtaskfleet.worker.tier=fast",
                "-jar", JAR.toString());
    }

    @Test
    void putsOverridesAfterTheContractSoTheyWinAndJvmOptionsAfterTheDefaultHeap() {
        ServiceCommand command = new ServiceCommand("/jdk/bin/java", List.of("-Xmx1g"), JAR, "b:1", 8080, "p",
                List.of("fast"), null, Map.of("taskfleet.tiers.fast.simulated.latency-median", "PT0.2S",
                        "kafka.bootstrap.servers", "other:9092"));

        List<String> args = command.toList();
        assertThat(args).doesNotContain("-Dtaskfleet.worker.tier=fast");
        assertThat(args.subList(0, 3)).containsExactly("/jdk/bin/java", "-Xmx384m", "-Xmx1g");
        assertThat(args.indexOf("-Dkafka.bootstrap.servers=other:9092"))
                .isGreaterThan(args.indexOf("-Dkafka.bootstrap.servers=b:1"));
        assertThat(args).contains("-Dtaskfleet.tiers.fast.simulated.latency-median=PT0.2S");
        assertThat(args.subList(args.size() - 2, args.size())).containsExactly("-jar", JAR.toString());
    }
}
