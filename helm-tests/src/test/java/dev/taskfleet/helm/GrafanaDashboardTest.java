package dev.taskfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The dashboard ConfigMap is opt-in, carries the Grafana sidecar's label and embeds the one
 * dashboard file that docker-compose mounts too.
 */
class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DASHBOARD = Chart.DIR.resolve("dashboards/taskfleet.json");
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
