package dev.taskfleet.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under test, driven through embedded Helm (helm-java): no helm binary, no cluster.
 * A render is described fluently ({@code Chart.release("tf").set("k", v).render()}) and returns the
 * parsed manifests.
 */
final class Chart {

    /** The chart folder; Maven passes it in, an IDE run from the module folder finds it too. */
    static final Path DIR = Path.of(System.getProperty("taskfleet.chart.dir", "../helm/taskfleet"))
            .toAbsolutePath().normalize();

    /** The namespace every test release is rendered into. */
    static final String NAMESPACE = "fleet";

    private static final ObjectMapper YAML = new YAMLMapper();

    private final String releaseName;
    private final Map<String, Object> sets = new LinkedHashMap<>();
    private final List<Path> valuesFiles = new ArrayList<>();
    private ArrayNode tiers;

    private Chart(String releaseName) {
        this.releaseName = releaseName;
    }

    static Chart release(String name) {
        return new Chart(name);
    }

    Chart set(String key, Object value) {
        sets.put(key, value);
        return this;
    }

    /**
     * Changes one setting of one tier of the chart's default tier list. Helm's --set replaces a
     * list element instead of merging into it, so the whole changed list goes in as a values file.
     */
    Chart tier(int index, String key, Object value) {
        try {
            if (tiers == null) {
                tiers = (ArrayNode)
                        YAML.readTree(DIR.resolve("values.yaml").toFile()).get("tiers");
            }
            ((ObjectNode) tiers.get(index)).putPOJO(key, value);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Chart values(Path file) {
        valuesFiles.add(file);
        return this;
    }

    /**
     * Renders the chart and checks every object against the published schemas and name rules
     * ({@link ManifestChecks}); throws {@link IllegalStateException} with Helm's message when
     * rendering fails, {@link AssertionError} when an object breaks a schema.
     */
    Manifests render() {
        TemplateCommand template = new Helm(DIR).template().withName(releaseName).withNamespace(NAMESPACE);
        valuesFiles.forEach(template::withValuesFile);
        if (tiers != null) {
            template.withValuesFile(tiersFile());
        }
        sets.forEach(template::set);
        Manifests manifests = Manifests.parse(template.call());
        ManifestChecks.assertValid(manifests, valueSet());
        return manifests;
    }

    /** The value set, as a failure message names it: release, values files, --set and tier changes. */
    String valueSet() {
        List<String> parts = new ArrayList<>(List.of("release " + releaseName));
        valuesFiles.forEach(file -> parts.add("-f " + (file.startsWith(DIR) ? DIR.relativize(file) : file)));
        sets.forEach((key, value) -> parts.add("--set " + key + "=" + value));
        if (tiers != null) {
            parts.add("tiers " + tiers);
        }
        return String.join(", ", parts);
    }

    private Path tiersFile() {
        try {
            Path file = Files.createTempFile("taskfleet-tiers", ".yaml");
            file.toFile().deleteOnExit();
            ObjectNode values = YAML.createObjectNode();
            values.set("tiers", tiers);
            YAML.writeValue(file.toFile(), values);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The release notes (templates/NOTES.txt) as {@code helm install --dry-run} prints them;
     * {@code helm template} leaves them out. Client-only: no cluster is contacted.
     */
    String notes() {
        InstallCommand install = new Helm(DIR).install().withName(releaseName).withNamespace(NAMESPACE)
                .dryRun().clientOnly();
        valuesFiles.forEach(install::withValuesFile);
        if (tiers != null) {
            install.withValuesFile(tiersFile());
        }
        sets.forEach(install::set);
        return install.call().getOutput();
    }

    /** The message Helm fails the render with. */
    String renderFailure() {
        try {
            render();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError("rendering was expected to fail but succeeded with " + valueSet());
    }

    /** helm lint --strict of the chart with its own values.yaml. */
    static LintResult lintStrict() {
        return new Helm(DIR).lint().strict().call();
    }

    /**
     * helm lint --strict with a values file laid over the defaults. helm-java's lint takes no
     * values file, so a copy of the chart gets the merged values as its values.yaml.
     */
    static LintResult lintStrict(Path valuesFile, Path workDir) {
        try {
            Path copy = workDir.resolve("taskfleet");
            try (Stream<Path> files = Files.walk(DIR)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(DIR.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            JsonNode merged = merge(YAML.readTree(DIR.resolve("values.yaml").toFile()),
                    YAML.readTree(valuesFile.toFile()));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's merge rule for values files: maps merge key by key, anything else is replaced. */
    private static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (!(base instanceof ObjectNode baseObject) || !overlay.isObject()) {
            return overlay;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = baseObject.get(field.getKey());
            baseObject.set(field.getKey(), existing == null ? field.getValue() : merge(existing, field.getValue()));
        }
        return baseObject;
    }
}
