package dev.taskfleet.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finds signal words in text in one pass, without a regex per signal: the signals are stored in
 * a character trie and the walk starts only at the beginning of each word.
 *
 * <p>Matching rules, chosen so a list of signals stays short and readable: case does not matter;
 * a signal matches a word that starts with it ({@code migrat} matches migrate, migrating and
 * migration; {@code secure} does not match insecure); inside a signal, a run of spaces, {@code -}
 * or {@code _} matches any such run in the text ({@code trade-off} matches "trade off" and
 * "trade_off").
 */
final class SignalScanner {

    private static final int SEPARATOR = 36;
    private static final int ALPHABET = 37;
    private static final int NONE = -1;

    private final List<String> signals;
    private int[][] children = new int[16][];
    private int[] signalAt = new int[16];
    private int nodes;

    /** @throws IllegalArgumentException naming a signal that is malformed or listed twice */
    SignalScanner(List<String> rawSignals) {
        List<String> normalized = new ArrayList<>();
        newNode();
        for (String raw : rawSignals) {
            String signal = normalize(raw);
            if (normalized.contains(signal)) {
                throw new IllegalArgumentException("signal '" + raw + "' is listed twice");
            }
            insert(signal, normalized.size());
            normalized.add(signal);
        }
        this.signals = List.copyOf(normalized);
    }

    /** Lower case with separator runs as one {@code -}; refuses anything but letters, digits and separators. */
    static String normalize(String raw) {
        String signal = raw.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "-");
        if (!signal.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("bad signal '" + raw + "': use letters and digits, words separated"
                    + " by spaces or '-'");
        }
        return signal;
    }

    String signal(int index) {
        return signals.get(index);
    }

    int size() {
        return signals.size();
    }

    /** Sets {@code found[i]} for every signal {@code i} present in {@code text}. */
    void scan(String text, boolean[] found) {
        boolean previousIsWordChar = false;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            boolean wordChar = symbol(text.charAt(i)) != NONE;
            if (wordChar && !previousIsWordChar) {
                walk(text, i, found);
            }
            previousIsWordChar = wordChar;
        }
    }

    private void walk(String text, int start, boolean[] found) {
        int node = 0;
        int length = text.length();
        for (int i = start; i < length; i++) {
            char c = text.charAt(i);
            int symbol = symbol(c);
            if (symbol == NONE) {
                if (!isSeparator(c)) {
                    return;
                }
                symbol = SEPARATOR;
                while (i + 1 < length && isSeparator(text.charAt(i + 1))) {
                    i++;
                }
            }
            int[] next = children[node];
            if (next == null || next[symbol] == 0) {
                return;
            }
            node = next[symbol];
            if (signalAt[node] != NONE) {
                found[signalAt[node]] = true;
            }
        }
    }

    private void insert(String signal, int index) {
        int node = 0;
        for (int i = 0; i < signal.length(); i++) {
            char c = signal.charAt(i);
            int symbol = c == '-' ? SEPARATOR : symbol(c);
            if (children[node] == null) {
                children[node] = new int[ALPHABET];
            }
            if (children[node][symbol] == 0) {
                children[node][symbol] = newNode();
            }
            node = children[node][symbol];
        }
        signalAt[node] = index;
    }

    private int newNode() {
        if (nodes == children.length) {
            children = Arrays.copyOf(children, nodes * 2);
            signalAt = Arrays.copyOf(signalAt, nodes * 2);
        }
        signalAt[nodes] = NONE;
        return nodes++;
    }

    private static int symbol(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '0' && c <= '9') {
            return 26 + c - '0';
        }
        return NONE;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n' || c == '\r';
    }
}
