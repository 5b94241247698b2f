package dev.taskfleet.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A case-insensitive wildcard pattern for task types and label values: {@code *} matches any
 * run of characters, {@code ?} exactly one. The common shapes ({@code exact}, {@code prefix*},
 * {@code *suffix}, {@code *part*}) are compared as plain text; only other shapes use a regex,
 * because globs are evaluated for every task the router sees.
 */
final class Glob {

    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._*?:/=+-]+");

    private enum Shape { EXACT, PREFIX, SUFFIX, CONTAINS, REGEX }

    private final String text;
    private final Shape shape;
    private final String literal;
    private final Pattern pattern;

    private Glob(String text) {
        this.text = text;
        String lower = text.toLowerCase(Locale.ROOT);
        String inner = lower.length() >= 2 && lower.startsWith("*") && lower.endsWith("*")
                ? lower.substring(1, lower.length() - 1) : null;
        if (isPlain(lower)) {
            this.shape = Shape.EXACT;
            this.literal = lower;
            this.pattern = null;
        } else if (lower.endsWith("*") && isPlain(lower.substring(0, lower.length() - 1))) {
            this.shape = Shape.PREFIX;
            this.literal = lower.substring(0, lower.length() - 1);
            this.pattern = null;
        } else if (lower.startsWith("*") && isPlain(lower.substring(1))) {
            this.shape = Shape.SUFFIX;
            this.literal = lower.substring(1);
            this.pattern = null;
        } else if (inner != null && isPlain(inner)) {
            this.shape = Shape.CONTAINS;
            this.literal = inner;
            this.pattern = null;
        } else {
            StringBuilder regex = new StringBuilder();
            for (char c : lower.toCharArray()) {
                if (c == '*') {
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            this.shape = Shape.REGEX;
            this.literal = null;
            this.pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong with the glob */
    static Glob of(String text) {
        if (!LEGAL.matcher(text).matches()) {
            throw new IllegalArgumentException("bad glob '" + text + "': only letters, digits, '.', '_', '-', ':',"
                    + " '/', '=', '+' and the wildcards '*' and '?' are allowed");
        }
        return new Glob(text);
    }

    /** @param lowerCaseValue the value, already lower-cased by the caller (once per task, not per glob) */
    boolean matches(String lowerCaseValue) {
        if (lowerCaseValue == null) {
            return false;
        }
        return switch (shape) {
            case EXACT -> literal.equals(lowerCaseValue);
            case PREFIX -> lowerCaseValue.startsWith(literal);
            case SUFFIX -> lowerCaseValue.endsWith(literal);
            case CONTAINS -> lowerCaseValue.contains(literal);
            case REGEX -> pattern.matcher(lowerCaseValue).matches();
        };
    }

    private static boolean isPlain(String text) {
        return text.indexOf('*') < 0 && text.indexOf('?') < 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
