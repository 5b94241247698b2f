package dev.taskfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The router's pod lives long enough on SIGTERM for its HTTP phase and for both Kafka loops to
 * finish their transaction: a router killed inside one holds back read_committed readers.
 */
class RouterShutdownTest {

    /** RouterLoops stops each of its two loops within 15 s. */
    private static final int LOOPS_STOP_SECONDS = 2 * 15;
    private static final Path ROUTER_PROPERTIES =
            Chart.DIR.resolve("../../router/src/main/resources/application.properties").normalize();

    @Test
    void gracePeriodCoversTheShutdownTimeoutThenTheLoopsThenTheMargin() {
        Manifests defaults = Chart.release("tf").render();
        assertThat(grace(defaults)).isEqualTo(10 + LOOPS_STOP_SECONDS + 10);
        assertThat(properties(defaults)).contains("quarkus.shutdown.timeout=10s");
        Manifests longer = Chart.release("tf").set("router.shutdownTimeoutSeconds", 25)
                .set("worker.terminationGraceMarginSeconds", 5).render();
        assertThat(grace(longer)).isEqualTo(25 + LOOPS_STOP_SECONDS + 5);
        assertThat(properties(longer)).contains("quarkus.shutdown.timeout=25s");
    }

    @Test
    void routerConfigCannotMoveTheTimeoutTheGracePeriodIsComputedFrom() {
        Manifests rendered = Chart.release("tf").set("router.config.quarkus\\.shutdown\\.timeout", "90s").render();
        assertThat(properties(rendered)).contains("quarkus.shutdown.timeout=10s").doesNotContain("90s");
    }

    @Test
    void theChartsDefaultIsTheRoutersOwn() throws IOException {
        Properties router = new Properties();
        try (Reader in = Files.newBufferedReader(ROUTER_PROPERTIES)) {
            router.load(in);
        }
        assertThat(router.getProperty("quarkus.shutdown.timeout")).isEqualTo("10s");
    }

    private static int grace(Manifests manifests) {
        return manifests.get("Deployment", "tf-taskfleet-router").at("/spec/template/spec/terminationGracePeriodSeconds")
                .asInt();
    }

    private static String properties(Manifests manifests) {
        return manifests.get("ConfigMap", "tf-taskfleet-router").at("/data/application.properties").asText();
    }
}
