package dev.taskfleet.contract;

/**
 * The character rules of task ids, task types and team names, checked by plain loops over the
 * characters. They are checked for every task by the producer, the router and the worker; as
 * regular expressions they took about a sixth of a warm producer's request thread (JFR, 5 December
 * 2026, docs/BENCHMARKS.md). {@code NameSyntaxTest} holds each rule to the regular expression it
 * replaces. Team names are also checked here where they are configured (API keys).
 */
public final class NameSyntax {

    /** Longest task id, in characters. */
    public static final int MAX_ID = 128;
    /** Longest task type, in characters. */
    public static final int MAX_TYPE = 64;
    /** Longest team name, in characters. */
    public static final int MAX_TEAM = 64;

    private NameSyntax() {
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,127}}. */
    public static boolean isTaskId(String value) {
        if (!startsWell(value, MAX_ID)) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}. */
    public static boolean isTaskType(String value) {
        if (!startsWell(value, MAX_TYPE)) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z0-9][a-z0-9-]{0,63}}: no capitals and no dots, as a team names a topic lane. */
    public static boolean isTeam(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_TEAM || !isLowerOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = value.charAt(i);
            if (!isLowerOrDigit(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWell(String value, int maxLength) {
        int length = value.length();
        return length > 0 && length <= maxLength && isAsciiLetterOrDigit(value.charAt(0));
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean isLowerOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }
}
