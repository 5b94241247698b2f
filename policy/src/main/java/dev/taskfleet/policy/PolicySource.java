package dev.taskfleet.policy;

import java.util.Map;

/**
 * Where each value of a policy file sits, so that every validation error can name its line.
 * Paths look like {@code rules[2].match.type}; a path without a recorded line (a field that is
 * missing) reports the line of the nearest enclosing value that has one.
 */
final class PolicySource {

    private final String name;
    private final Map<String, Integer> lineOfPath;

    PolicySource(String name, Map<String, Integer> lineOfPath) {
        this.name = name;
        this.lineOfPath = Map.copyOf(lineOfPath);
    }

    String name() {
        return name;
    }

    int line(String path) {
        String current = path;
        while (true) {
            Integer line = lineOfPath.get(current);
            if (line != null) {
                return line;
            }
            if (current.isEmpty()) {
                return 1;
            }
            current = parent(current);
        }
    }

    PolicyException error(String path, String problem) {
        return new PolicyException(name, line(path), problem);
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
