package dev.taskfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.testkit.TestBrokers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A policy file with a mistake stops the packaged router at start-up with one clear message. */
class BadPolicyIT {

    @Test
    void refusesToStartAndNamesTheFileLineAndProblem() throws Exception {
        Path log = Files.createTempFile("router-bad-policy-", ".log");
        try (RouterProcess router = RouterProcess.start(Map.of(
                "kafka.bootstrap.servers", TestBrokers.shared().bootstrapServers(),
                "taskfleet.topic-prefix", "router-bad-policy",
                "taskfleet.router.policy-file", "src/test/resources/policies/broken.yaml"), log)) {

            await().atMost(Duration.ofSeconds(60)).until(() -> !router.isAlive());

            assertThat(router.exitValue()).isNotZero();
            assertThat(router.log())
                    .contains("invalid routing policy: src/test/resources/policies/broken.yaml:5: ")
                    .contains("unknown tier 'premium'")
                    // The one clear message, not buried in a stack trace.
                    .doesNotContain("\tat ");
        }
    }
}
