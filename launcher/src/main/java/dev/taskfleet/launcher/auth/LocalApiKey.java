package dev.taskfleet.launcher.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The development key of local runs: 32 random bytes as hex in {@code .taskfleet/api-key}
 * (mode 600), created once by {@code taskfleet local} and {@code demo} and read by the CLI, so
 * the local loop needs no set-up. The producer only ever sees its hash, as
 * {@code TASKFLEET_AUTH_API_KEY_HASHES=local:<sha256hex>}.
 */
public final class LocalApiKey {

    /** The team the local key belongs to. */
    public static final String TEAM = "local";
    /** Relative to the taskfleet home (the repository root). */
    public static final Path FILE = Path.of(".taskfleet", "api-key");
    /** How the producer is told about the key. */
    public static final String PRODUCER_ENV = "TASKFLEET_AUTH_API_KEY_HASHES";

    private static final int KEY_BYTES = 32;

    private LocalApiKey() {
    }

    /** The key in {@code <home>/.taskfleet/api-key}, creating it first when there is none. */
    public static String ensure(Path home) {
        Path file = home.resolve(FILE);
        Optional<String> existing = read(home);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] random = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(random);
        String key = HexFormat.of().formatHex(random);
        try {
            write(file, key);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local API key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a temporary file beside {@code file} and renames it: a launcher killed half-way leaves
     * no file or a whole one, never an empty one that would hold the local loop up.
     */
    private static void write(Path file, String key) throws IOException {
        Path directory = Files.createDirectories(file.getParent());
        Path temp;
        try {
            // Owner-only permissions from the start: never readable by others, not even briefly.
            temp = Files.createTempFile(directory, "api-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(directory, "api-key", ".tmp");
        }
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The key in {@code <home>/.taskfleet/api-key}, if that file exists and is not blank. */
    public static Optional<String> read(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The producer's entry for a key: {@code local:<sha256hex(key)>}. */
    public static String producerEntry(String key) {
        return TEAM + ":" + sha256Hex(key);
    }

    public static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
