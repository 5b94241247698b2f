package dev.taskfleet.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The name rules the API server and the operators enforce in code rather than in their schemas,
 * checked on a rendered object: the limits a release name plus a tier name can break.
 * <ul>
 *   <li>every object name is a DNS-1123 subdomain (at most 253 characters);</li>
 *   <li>a Service name is a DNS-1035 label (a letter first, at most 63 characters);</li>
 *   <li>a ScaledObject name leaves room for {@code keda-hpa-} in 63 characters: KEDA 2.20+ refuses
 *       one whose HorizontalPodAutoscaler name would be longer;</li>
 *   <li>label keys and values, container names and port names have their usual limits.</li>
 * </ul>
 */
final class KubernetesNames {

    static final int LABEL_MAX = 63;
    static final String KEDA_HPA_PREFIX = "keda-hpa-";

    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    /** A container port name (IANA_SVC_NAME): at most 15 characters, at least one letter. */
    private static final Pattern PORT_NAME = Pattern.compile("(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private KubernetesNames() {
    }

    /** Every name rule the object breaks, as violations at the offending path. */
    static List<ManifestSchemas.Violation> violations(JsonNode object) {
        List<ManifestSchemas.Violation> found = new ArrayList<>();
        String kind = object.path("kind").asText();
        String name = object.at("/metadata/name").asText();
        check(found, "$.metadata.name", name, DNS1123_SUBDOMAIN, 253, "a DNS-1123 subdomain");
        if (kind.equals("Service")) {
            check(found, "$.metadata.name", name, DNS1035_LABEL, LABEL_MAX, "a DNS-1035 label (a Service name)");
        }
        if (kind.equals("ScaledObject") && (KEDA_HPA_PREFIX + name).length() > LABEL_MAX) {
            found.add(new ManifestSchemas.Violation("$.metadata.name", "KEDA's HorizontalPodAutoscaler name "
                    + KEDA_HPA_PREFIX + name + " has " + (KEDA_HPA_PREFIX + name).length() + " characters, over "
                    + LABEL_MAX));
        }
        labels(found, "$.metadata.labels", object.at("/metadata/labels"));
        JsonNode pod = object.at("/spec/template");
        if (!pod.isMissingNode()) {
            labels(found, "$.spec.template.metadata.labels", pod.at("/metadata/labels"));
            JsonNode containers = pod.at("/spec/containers");
            for (int i = 0; i < containers.size(); i++) {
                String at = "$.spec.template.spec.containers[" + i + "]";
                check(found, at + ".name", containers.get(i).path("name").asText(), DNS1123_LABEL, LABEL_MAX,
                        "a DNS-1123 label (a container name)");
                JsonNode ports = containers.get(i).path("ports");
                for (int p = 0; p < ports.size(); p++) {
                    check(found, at + ".ports[" + p + "].name", ports.get(p).path("name").asText(), PORT_NAME, 15,
                            "a port name (IANA_SVC_NAME)");
                }
            }
        }
        return found;
    }

    private static void labels(List<ManifestSchemas.Violation> found, String path, JsonNode labels) {
        for (Map.Entry<String, JsonNode> label : labels.properties()) {
            String key = label.getKey();
            int slash = key.indexOf('/');
            if (slash >= 0) {
                check(found, path, key.substring(0, slash), DNS1123_SUBDOMAIN, 253, "a label key prefix (DNS-1123 subdomain)");
            }
            check(found, path, key.substring(slash + 1), LABEL_NAME, LABEL_MAX, "a label key name");
            check(found, path + "['" + key + "']", label.getValue().asText(), LABEL_VALUE, LABEL_MAX, "a label value");
        }
    }

    private static void check(List<ManifestSchemas.Violation> found, String path, String value, Pattern rule, int max,
            String what) {
        if (value.length() > max || !rule.matcher(value).matches()) {
            found.add(new ManifestSchemas.Violation(path, "\"" + value + "\" (" + value.length() + " characters) is not "
                    + what + " of at most " + max + " characters"));
        }
    }
}
