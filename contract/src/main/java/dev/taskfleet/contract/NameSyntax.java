package dev.taskfleet.contract;

/**
 * The character rules of task ids, task types and team names, checked by plain loops over the
 * characters. They are checked for every task by the producer, the router and the worker; as
 * regular expressions they took about a sixth of a warm producer's request thread (JFR, 5 December
 * 2026, docs/BENCHMARKS.md). {@code NameSyntaxTest} holds each rule to the regular expression it
 * replaces. Team names are also checked here where they are configured (API keys).
 */
public final class NameSyntax {

    private NameSyntax() {
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,127}}. */
    public static boolean isTaskId(String value) {
        return follows(value, 128, true, "._:-");
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}. */
    public static boolean isTaskType(String value) {
        return follows(value, 64, true, "._-");
    }

    /** {@code [a-z0-9][a-z0-9-]{0,63}}: no capitals and no dots, as a team names a topic lane. */
    public static boolean isTeam(String value) {
        return follows(value, 64, false, "-");
    }

    /**
     * 1 to {@code maxLength} characters: an ASCII letter (a capital only if {@code capitals}) or
     * digit first, then those or {@code punctuation}.
     */
    private static boolean follows(String value, int maxLength, boolean capitals, String punctuation) {
        int length = value.length();
        if (length == 0 || length > maxLength || !isLetterOrDigit(value.charAt(0), capitals)) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = value.charAt(i);
            if (!isLetterOrDigit(c, capitals) && punctuation.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c, boolean capitals) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || capitals && c >= 'A' && c <= 'Z';
    }
}
