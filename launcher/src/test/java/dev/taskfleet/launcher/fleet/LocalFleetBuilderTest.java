package dev.taskfleet.launcher.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings a fleet runs with when nobody says otherwise are {@code taskfleet local}'s. */
class LocalFleetBuilderTest {

    @Test
    void theDefaultsAreTheLocalFleetsOnItsFixedPorts() {
        FleetSettings settings = LocalFleet.builder().home(Path.of("/repo")).settings();

        assertThat(settings.bootstrapServers()).isEqualTo("localhost:19092");
        assertThat(settings.tiers()).containsExactly("fast", "quality");
        assertThat(settings.topicPrefix()).isEqualTo("taskfleet");
        assertThat(settings.producerPort()).isEqualTo(8080);
        assertThat(settings.routerPort()).isEqualTo(8081);
        assertThat(settings.workerPort(0)).isEqualTo(8082);
        assertThat(settings.workerPort(1)).isEqualTo(8083);
        assertThat(settings.workDir()).isEqualTo(Path.of("/repo/.taskfleet"));
        assertThat(settings.properties()).isEmpty();
        assertThat(settings.javaOptions()).isEmpty();
    }

    @Test
    void aWorkerPortSetForOneTierLeavesTheOthersOnTheirDefaults() {
        FleetSettings settings = LocalFleet.builder().tiers(List.of("cheap", "mid", "deep")).workerPort("mid", 0)
                .settings();

        assertThat(settings.workerPort(0)).isEqualTo(8082);
        assertThat(settings.workerPort(1)).isZero();
        assertThat(settings.workerPort(2)).isEqualTo(8084);
    }

    @Test
    void refusesPortsOutOfRangeAndBlankPropertyNames() {
        assertThatThrownBy(() -> LocalFleet.builder().producerPort(65_536)).hasMessageContaining("not a port");
        assertThatThrownBy(() -> LocalFleet.builder().serviceProperty(" ", "x")).hasMessageContaining("needs a key");
        assertThatThrownBy(() -> LocalFleet.builder().tiers(List.of())).hasMessageContaining("at least one tier");
    }
}
