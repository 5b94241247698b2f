package dev.taskfleet.producer.auth;

import dev.taskfleet.contract.NameSyntax;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API keys the producer accepts, held only as SHA-256 hashes, each mapped to a team. Entries
 * are written {@code team:sha256hex(key)}. Pure and immutable.
 *
 * <p>A presented key is hashed and compared with every stored hash in constant time, and the
 * loop never stops early, so the answer's timing does not reveal which hash came close.
 */
public final class ApiKeyRegistry {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final List<Entry> entries;

    private record Entry(String team, byte[] hash) {
    }

    private ApiKeyRegistry(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses entries; blank lines and lines starting with {@code #} are skipped.
     *
     * @param lines  the entries
     * @param source where they came from, named in error messages (never the entries themselves)
     * @throws IllegalArgumentException naming the source and position of the first bad entry
     */
    public static ApiKeyRegistry parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        int position = 0;
        for (String raw : lines) {
            position++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String team = colon < 0 ? "" : line.substring(0, colon).strip();
            String hash = colon < 0 ? "" : line.substring(colon + 1).strip();
            // Team names become metric tags and are compared with the team of tasks: the tasks' rule.
            if (!NameSyntax.isTeam(team) || !SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalArgumentException("API key entry " + position + " of " + source
                        + " is not 'team:sha256hex' (team: 1-64 characters of a-z, 0-9 or '-'; hash: 64 hex digits)");
            }
            entries.add(new Entry(team, HexFormat.of().parseHex(hash.toLowerCase(Locale.ROOT))));
        }
        return new ApiKeyRegistry(entries);
    }

    /** This registry and {@code other} together. */
    public ApiKeyRegistry plus(ApiKeyRegistry other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new ApiKeyRegistry(all);
    }

    public int size() {
        return entries.size();
    }

    /** The team a presented key belongs to, or empty when no stored hash matches it. */
    public Optional<String> teamFor(String presentedKey) {
        byte[] hash = sha256(presentedKey);
        String team = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), hash) && team == null) {
                team = entry.team();
            }
        }
        return Optional.ofNullable(team);
    }

    /** The hex SHA-256 of a key, the form entries are written in. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
