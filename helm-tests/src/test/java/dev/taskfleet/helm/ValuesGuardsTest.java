package dev.taskfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values the fleet cannot run with are refused at render time, by the schema or a template check. */
class ValuesGuardsTest {

    @Test
    void schemaRefusesATierNameTopicNamesWouldRefuse() {
        assertThat(Chart.release("tf").tier(0, "name", "Fast").renderFailure())
                .contains("schema").contains("name");
        assertThat(Chart.release("tf").tier(0, "name", "fast_lane").renderFailure()).contains("schema");
    }

    @Test
    void schemaRefusesInFlightOutsideTheWorkersRange() {
        assertThat(Chart.release("tf").tier(0, "maxInFlight", 0).renderFailure())
                .contains("schema").contains("maxInFlight");
        assertThat(Chart.release("tf").tier(1, "maxInFlight", 10001).renderFailure()).contains("maxInFlight");
    }

    @Test
    void schemaRefusesUnknownProtocolsAndMistypedKeys() {
        assertThat(Chart.release("tf").set("kafka.securityProtocol", "SSL_SASL").renderFailure())
                .contains("securityProtocol");
        assertThat(Chart.release("tf").tier(0, "maxInflight", 8).renderFailure()).contains("maxInflight");
        assertThat(Chart.release("tf").set("prometheusRule.lagSource", "burrow").renderFailure()).contains("lagSource");
    }

    @Test
    void maxReplicasAbovePartitionsFailsNamingTheTier() {
        String failure = Chart.release("tf").tier(1, "maxReplicas", 7).renderFailure();
        assertThat(failure).contains("tier \"quality\"").contains("maxReplicas 7").contains("6 partitions")
                .contains("taskfleet.tasks.quality");
    }

    @Test
    void partitionLimitFollowsTheTopicsOwnPartitionCount() {
        assertThat(Chart.release("tf").set("kafka.topics.partitions", 12).tier(0, "maxReplicas", 12).render()
                .get("HorizontalPodAutoscaler", "tf-taskfleet-worker-fast").at("/spec/maxReplicas").asInt())
                .isEqualTo(12);
        assertThat(Chart.release("tf").tier(0, "partitions", 3).tier(0, "maxReplicas", 4).renderFailure())
                .contains("tier \"fast\"").contains("3 partitions");
    }

    @Test
    void minReplicasAboveMaxFails() {
        assertThat(Chart.release("tf").tier(0, "minReplicas", 5).tier(0, "maxReplicas", 2).renderFailure())
                .contains("tier \"fast\"").contains("minReplicas 5 is above maxReplicas 2");
    }

    @Test
    void scaleToZeroNeedsKeda() {
        assertThat(Chart.release("tf").tier(0, "minReplicas", 0).renderFailure())
                .contains("tier \"fast\"").contains("autoscaling.keda.enabled");
        assertThat(Chart.release("tf").tier(0, "minReplicas", 0).set("autoscaling.keda.enabled", true).render()
                .get("ScaledObject", "tf-taskfleet-worker-fast").at("/spec/minReplicaCount").asInt()).isZero();
    }

    @Test
    void aGracePeriodShorterThanShutdownPlusDrainFails() {
        assertThat(Chart.release("tf").tier(0, "terminationGracePeriodSeconds", 35).renderFailure())
                .contains("tier \"fast\"").contains("must exceed");
    }

    @Test
    void aTierListedTwiceFails() {
        assertThat(Chart.release("tf").tier(1, "name", "fast").renderFailure())
                .contains("tier \"fast\" is listed twice");
    }
}
