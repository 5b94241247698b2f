package dev.taskfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartLintTest {

    @Test
    void defaultValuesPassStrictLint() {
        assertPassesStrictly(Chart.lintStrict());
    }

    @Test
    void productionValuesPassStrictLint(@TempDir Path work) {
        assertPassesStrictly(Chart.lintStrict(Chart.DIR.resolve("ci/production-values.yaml"), work));
    }

    @Test
    void strimziValuesPassStrictLint(@TempDir Path work) {
        assertPassesStrictly(Chart.lintStrict(Chart.DIR.resolve("ci/strimzi-values.yaml"), work));
    }

    @Test
    void strictLintReportsABrokenValuesFile(@TempDir Path work) throws Exception {
        Path bad = work.resolve("bad-values.yaml");
        Files.writeString(bad, "tiers:\n  - name: fast\n    maxInFlight: 0\n    minReplicas: 1\n    maxReplicas: 2\n");
        LintResult result = Chart.lintStrict(bad, work);
        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("maxInFlight");
    }

    private static void assertPassesStrictly(LintResult result) {
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }
}
