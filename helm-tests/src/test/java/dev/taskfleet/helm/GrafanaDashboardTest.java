package dev.taskfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard ConfigMap is opt-in, carries the Grafana sidecar's label and embeds the one
 * dashboard file that docker-compose mounts too.
 */
class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DASHBOARD = Chart.DIR.resolve("dashboards/taskfleet.json");
    private static final Path METRICS_DOC = Chart.DIR.resolve("../../docs/METRICS.md").normalize();
    private static final Path COMPOSE_DASHBOARD = Chart.DIR.resolve("../../deploy/grafana/taskfleet.json").normalize();

    @Test
    void noDashboardByDefault() {
        Manifests defaults = Chart.release("tf").render();
        assertThat(defaults.names("ConfigMap")).doesNotContain("tf-taskfleet-dashboard");
        assertThat(defaults.ofKind("ConfigMap"))
                .noneMatch(c -> c.at("/metadata/labels").has("grafana_dashboard"));
    }

    @Test
    void enabledRendersTheChartsDashboardForTheSidecar() throws Exception {
        JsonNode configMap = Chart.release("tf").set("grafana.dashboard.enabled", true).render()
                .get("ConfigMap", "tf-taskfleet-dashboard");
        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        JsonNode rendered = JSON.readTree(configMap.at("/data/taskfleet.json").asText());
        assertThat(rendered.path("uid").asText()).isEqualTo("taskfleet");
        assertThat(rendered).isEqualTo(JSON.readTree(DASHBOARD.toFile()));
    }

    @Test
    void extraLabelsAndAnnotationsReachTheConfigMap() {
        JsonNode configMap = Chart.release("tf").set("grafana.dashboard.enabled", true)
                .set("grafana.dashboard.labels.team", "ai-platform")
                .set("grafana.dashboard.annotations.grafana_folder", "taskfleet")
                .render().get("ConfigMap", "tf-taskfleet-dashboard");
        assertThat(configMap.at("/metadata/labels/team").asText()).isEqualTo("ai-platform");
        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(configMap.at("/metadata/annotations/grafana_folder").asText()).isEqualTo("taskfleet");
    }

    @Test
    void composeMountsTheSameFileThroughASymlink() throws Exception {
        assertThat(Files.isSymbolicLink(COMPOSE_DASHBOARD)).as("%s is a symlink", COMPOSE_DASHBOARD).isTrue();
        assertThat(Files.readSymbolicLink(COMPOSE_DASHBOARD).isAbsolute()).as("relative link").isFalse();
        assertThat(Files.isSameFile(COMPOSE_DASHBOARD, DASHBOARD)).isTrue();
    }

    @Test
    void theDashboardDrawsTheEscalationTeamAndApiMeters() throws Exception {
        String queries = String.join("\n", JSON.readTree(DASHBOARD.toFile()).path("panels").findValuesAsText("expr"));
        assertThat(queries).contains(
                "taskfleet_task_end_to_end_seconds_bucket", "taskfleet_task_queue_wait_seconds_bucket",
                "taskfleet_tasks_escalated_total", "taskfleet_escalations_total", "taskfleet_output_rejected_total",
                "status=\"cancelled\"", "sum by (team) (rate(taskfleet_model_cost_total",
                "sum by (team, kind) (rate(taskfleet_model_tokens_total", "taskfleet_batches_active",
                "taskfleet_results_duplicates_total", "taskfleet_auth_failures_total",
                "taskfleet_tasks_resubmitted_total", "taskfleet_batches_cancelled_total");
        for (double quantile : new double[] {0.5, 0.95, 0.99}) {
            assertThat(queries).contains("histogram_quantile(" + quantile
                    + ", sum by (tier, le) (rate(taskfleet_task_end_to_end_seconds_bucket");
        }
    }

    @Test
    void theDashboardDrawsTheProviderBatchMetersOfBatchTiers() throws Exception {
        JsonNode panels = JSON.readTree(DASHBOARD.toFile()).path("panels");
        String queries = String.join("\n", panels.findValuesAsText("expr"));
        assertThat(queries).contains("sum by (tier) (taskfleet_provider_batches_in_flight{tier=~\"$tier\"})",
                "taskfleet_provider_batch_requests_sum", "taskfleet_provider_batch_requests_count",
                "taskfleet_provider_batch_requests_max",
                "sum by (tier) (increase(taskfleet_provider_batch_requests_expired_total",
                "sum by (tier) (increase(taskfleet_batch_tier_restarts_total");
        for (double quantile : new double[] {0.5, 0.99}) {
            assertThat(queries).contains("histogram_quantile(" + quantile
                    + ", sum by (tier, outcome, le) (increase(taskfleet_provider_batch_completion_seconds_bucket");
        }
        assertThat(panels.findValuesAsText("title")).contains("Provider batches (batch tiers)",
                "Provider batches in flight per tier", "Requests per provider batch",
                "Provider batch time to completion", "Provider batch requests expired per tier",
                "Batch tier restarts per tier");
    }

    @Test
    void everyTaskfleetMeterTheDashboardQueriesIsInTheMetricsCatalogue() throws Exception {
        String catalogue = Files.readString(METRICS_DOC);
        Matcher meter = Pattern.compile("taskfleet_[a-z_]+").matcher(
                String.join("\n", JSON.readTree(DASHBOARD.toFile()).path("panels").findValuesAsText("expr")));
        Set<String> undocumented = new TreeSet<>();
        while (meter.find()) {
            // A histogram's series share its documented name: <name>_seconds_{bucket,count,sum,max}.
            String name = meter.group().replaceAll("_(bucket|count|sum|max)$", "");
            if (!catalogue.contains("`" + name) && !catalogue.contains(name + "_{")) {
                undocumented.add(name);
            }
        }
        assertThat(undocumented).as("queried by the dashboard but not in docs/METRICS.md").isEmpty();
    }

    @Test
    void everyPanelQueriesThroughTheDatasourceVariable() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("schemaVersion").asInt()).isEqualTo(39);
        assertThat(dashboard.at("/templating/list").findValuesAsText("name")).contains("datasource", "tier");
        int targets = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                targets++;
                assertThat(target.at("/datasource/uid").asText()).as(panel.path("title").asText())
                        .isEqualTo("${datasource}");
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
            }
        }
        assertThat(targets).isGreaterThan(20);
    }
}
