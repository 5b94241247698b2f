package dev.taskfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServiceMonitor and PrometheusRule exist only when asked for, and alert on meters the fleet exports. */
class MonitoringTest {

    private static final Manifests MONITORED = Chart.release("tf")
            .set("serviceMonitor.enabled", true).set("prometheusRule.enabled", true).render();

    @Test
    void operatorObjectsAreOffByDefault() {
        Manifests defaults = Chart.release("tf").render();
        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();
        assertThat(defaults.ofKind("PrometheusRule")).isEmpty();
        assertThat(defaults.ofKind("ScaledObject")).isEmpty();
    }

    @Test
    void serviceMonitorScrapesEveryServiceOfTheRelease() {
        JsonNode monitor = MONITORED.get("ServiceMonitor", "tf-taskfleet");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        JsonNode selector = monitor.at("/spec/selector/matchLabels");
        List<JsonNode> services = MONITORED.ofKind("Service");
        assertThat(services).hasSize(4);
        for (JsonNode service : services) {
            JsonNode labels = service.at("/metadata/labels");
            selector.fields().forEachRemaining(l -> assertThat(labels.path(l.getKey())).isEqualTo(l.getValue()));
            assertThat(service.at("/spec/ports").findValuesAsText("name")).contains("http");
        }
    }

    @Test
    void everyTierHasLagAndProgressAlertsOnItsOwnTopicAndItsLanes() {
        List<JsonNode> rules = rules(MONITORED);
        for (String tier : List.of("fast", "quality")) {
            JsonNode lag = rule(rules, "TaskfleetTierLagGrowing", tier);
            assertThat(lag.path("expr").asText())
                    .contains("kafka_consumer_fetch_manager_records_lag{topic=~\"taskfleet\\\\.tasks\\\\." + tier
                            + "(\\\\..+)?\"}");
            JsonNode stuck = rule(rules, "TaskfleetTierNoProgress", tier);
            assertThat(stuck.path("expr").asText()).as("a result and an escalation are both progress")
                    .contains("taskfleet_tasks_completed_total{tier=\"" + tier + "\"}")
                    .contains("taskfleet_tasks_escalated_total{from_tier=\"" + tier + "\"}");
        }
        assertThat(alertNames(rules)).contains("TaskfleetTierErrorRatio", "TaskfleetDeadLettersGrowing")
                .doesNotContain("TaskfleetProviderAuthFailures");
        assertThat(rule(rules, "TaskfleetTierErrorRatio", null).path("expr").asText())
                .contains("taskfleet_tasks_completed_total{status=\"failed\"}");
        assertThat(rule(rules, "TaskfleetDeadLettersGrowing", null).path("expr").asText())
                .contains("taskfleet_dlq_records_total");
    }

    @Test
    void escalationRefusalAndApiAuthAlertsFollowTheirValues(@TempDir Path work) throws IOException {
        List<JsonNode> defaults = rules(MONITORED);
        assertThat(rule(defaults, "TaskfleetEscalationsRefused", null).path("expr").asText())
                .contains("taskfleet_escalations_total{outcome=\"refused\"}[15m]", "> 0.5", ">= 10");
        assertThat(rule(defaults, "TaskfleetApiAuthFailures", null).path("expr").asText())
                .isEqualTo("sum by (reason) (rate(taskfleet_auth_failures_total[5m])) > 0.2");
        // --set would pass 0.25 as a string; a values file keeps it a number.
        Path values = Files.writeString(work.resolve("alerts.yaml"), """
                prometheusRule:
                  enabled: true
                  escalationRefusals: {threshold: 0.25, for: 30m}
                  apiAuthFailures: {threshold: 2}
                """);
        List<JsonNode> tuned = rules(Chart.release("tf").values(values).render());
        JsonNode refused = rule(tuned, "TaskfleetEscalationsRefused", null);
        assertThat(refused.path("expr").asText()).contains("[30m]", "> 0.25").doesNotContain("[15m]");
        assertThat(refused.path("for").asText()).isEqualTo("30m");
        assertThat(rule(tuned, "TaskfleetApiAuthFailures", null).path("expr").asText()).endsWith("> 2");
    }

    @Test
    void teamWaitingAlertFollowsItsValues(@TempDir Path work) throws IOException {
        JsonNode defaults = rule(rules(MONITORED), "TaskfleetTeamWaitingBehindOthers", null);
        assertThat(defaults.path("expr").asText())
                .contains("taskfleet_task_queue_wait_seconds_bucket[15m]", "> 120", "(0.5 / count by (tier)");
        assertThat(defaults.path("for").asText()).isEqualTo("15m");
        Path values = Files.writeString(work.resolve("teams.yaml"), """
                prometheusRule:
                  enabled: true
                  teamWaiting: {seconds: 600, shareFraction: 0.25, for: 1h}
                """);
        JsonNode tuned = rule(rules(Chart.release("tf").values(values).render()), "TaskfleetTeamWaitingBehindOthers",
                null);
        assertThat(tuned.path("expr").asText()).contains("[1h]", "> 600", "(0.25 / count by (tier)")
                .doesNotContain("[15m]");
        assertThat(tuned.path("for").asText()).isEqualTo("1h");
    }

    @Test
    void kafkaExporterLagUsesTheWorkersConsumerGroup() {
        List<JsonNode> rules = rules(Chart.release("tf").set("prometheusRule.enabled", true)
                .set("prometheusRule.lagSource", "kafkaExporter").render());
        assertThat(rule(rules, "TaskfleetTierLagGrowing", "quality").path("expr").asText())
                .contains("kafka_consumergroup_lag{consumergroup=\"taskfleet-worker-quality\", "
                        + "topic=~\"taskfleet\\\\.tasks\\\\.quality(\\\\..+)?\"}");
    }

    @Test
    void providerAuthAlertIsOptIn() {
        List<JsonNode> rules = rules(Chart.release("tf").set("prometheusRule.enabled", true)
                .set("prometheusRule.providerAuthFailures.enabled", true).render());
        assertThat(rule(rules, "TaskfleetProviderAuthFailures", null).path("expr").asText())
                .contains("taskfleet_model_auth_failures_total");
    }

    private static List<JsonNode> rules(Manifests manifests) {
        return manifests.get("PrometheusRule", "tf-taskfleet").at("/spec/groups").findValues("rules").stream()
                .flatMap(group -> StreamSupport.stream(group.spliterator(), false))
                .toList();
    }

    private static List<String> alertNames(List<JsonNode> rules) {
        return rules.stream().map(r -> r.path("alert").asText()).toList();
    }

    private static JsonNode rule(List<JsonNode> rules, String alert, String tier) {
        return rules.stream()
                .filter(r -> alert.equals(r.path("alert").asText()))
                .filter(r -> tier == null || tier.equals(r.at("/labels/tier").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + alert + " for tier " + tier + " in " + alertNames(rules)));
    }
}
