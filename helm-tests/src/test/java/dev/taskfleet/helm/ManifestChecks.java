package dev.taskfleet.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What every render in helm-tests must pass before a test looks at it: each object satisfies the
 * published schema of its kind ({@link ManifestSchemas}) and the name rules enforced in code
 * ({@link KubernetesNames}). {@link Chart#render()} applies it, so no value set a test renders
 * escapes it.
 */
final class ManifestChecks {

    private ManifestChecks() {
    }

    /**
     * @param manifests the objects of one render
     * @param valueSet  how they were rendered (release, values files, --set), for the message
     * @throws AssertionError naming, for every violation, the object, the value set and the JSON path
     */
    static void assertValid(Manifests manifests, String valueSet) {
        List<String> problems = problems(manifests);
        if (!problems.isEmpty()) {
            throw new AssertionError("with " + valueSet + ", " + problems.size()
                    + " rendered object(s) break the published schemas or Kubernetes' name rules:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** One line per violation: {@code Kind/name $.json.path: what is wrong}. */
    static List<String> problems(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : manifests.objects()) {
            String id = object.path("kind").asText() + "/" + object.at("/metadata/name").asText();
            List<ManifestSchemas.Violation> violations = new ArrayList<>(ManifestSchemas.INSTANCE.violations(object));
            violations.addAll(KubernetesNames.violations(object));
            violations.forEach(v -> problems.add(id + " " + v));
        }
        return problems;
    }
}
