package dev.taskfleet.producer.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class LivenessCheckTest {

    @Test
    void upWhileTheTrackerRuns() {
        assertThat(new LivenessCheck(() -> null).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void downOnceTheTrackerStoppedWithAFailureSoThePodIsRestarted() {
        HealthCheckResponse response = new LivenessCheck(() -> new KafkaException("fenced")).call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).hasValueSatisfying(d ->
                assertThat(d.get("reason").toString()).contains("batch tracker stopped").contains("fenced"));
    }
}
