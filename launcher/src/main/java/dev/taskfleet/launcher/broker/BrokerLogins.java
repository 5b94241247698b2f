package dev.taskfleet.launcher.broker;

import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.KafkaLogin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * The logins of a secured local broker, made afresh on every start: one SCRAM-SHA-512 user per
 * service ({@code producer}, {@code router}, {@code worker-<tier>}) and the broker's own
 * {@value #ADMIN} (PLAIN, defined in the broker's configuration, so it exists before any SCRAM
 * user does). Each login is a folder {@code <dir>/<login>} with {@code username} and
 * {@code password} files readable by the owner only, which the services read
 * ({@code taskfleet.kafka.sasl.*-file}); no password reaches a command line or a log.
 *
 * @param directory where the login folders are
 * @param services  the services' logins, in order
 */
public record BrokerLogins(Path directory, List<String> services) {

    /** The broker's own login and the launcher's: inter-broker traffic, readiness, creating the users. */
    public static final String ADMIN = "admin";
    /** The SASL mechanism of the services' logins, as in production (the chart, Strimzi). */
    public static final String MECHANISM = "SCRAM-SHA-512";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);

    /** Writes a new password for the admin and for each of {@code services}. */
    public static BrokerLogins create(Path directory, List<String> services) {
        List<String> all = new ArrayList<>(services);
        all.add(ADMIN);
        for (String login : all) {
            Path folder = directory.resolve(login);
            try {
                Files.createDirectories(folder);
                write(folder.resolve("username"), login);
                write(folder.resolve("password"), HexFormat.of().formatHex(randomBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the Kafka login " + folder, e);
            }
        }
        return new BrokerLogins(directory.toAbsolutePath(), List.copyOf(services));
    }

    /** The admin's password, for the broker's configuration file. */
    String adminPassword() {
        return read(directory.resolve(ADMIN).resolve("password"));
    }

    /** The settings of the launcher's own clients, logged in as {@value #ADMIN}. */
    public Map<String, Object> adminClientSettings(String bootstrapServers) {
        Map<String, Object> kafka = new LinkedHashMap<>();
        kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        kafka.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        kafka.put("sasl.mechanism", "PLAIN");
        Path admin = directory.resolve(ADMIN);
        return KafkaClientSettings.of(kafka, KafkaLogin.files(admin.resolve("username"), admin.resolve("password")))
                .admin("taskfleet-launcher");
    }

    /** What every service sets besides its login files: the protocol and the mechanism. */
    public Map<String, String> serviceProperties() {
        return Map.of("kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", MECHANISM);
    }

    /** Creates the services' SCRAM users on the running broker and waits until the broker knows them. */
    public void createUsers(String bootstrapServers) {
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        for (String service : services) {
            users.add(new UserScramCredentialUpsertion(service, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                    read(directory.resolve(service).resolve("password"))));
        }
        try (Admin admin = Admin.create(adminClientSettings(bootstrapServers))) {
            admin.alterUserScramCredentials(users).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create the services' Kafka users: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the services' Kafka users", e);
        }
        awaitLogin(bootstrapServers, services.get(0));
    }

    /**
     * The controller has the users once they are created; the broker applies them from the
     * metadata log a moment later. A service that started before would fail its first login.
     */
    private void awaitLogin(String bootstrapServers, String service) {
        Map<String, Object> login = new LinkedHashMap<>();
        serviceProperties().forEach((key, value) -> login.put(key.substring("kafka.".length()), value));
        login.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        login.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        login.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        Path folder = directory.resolve(service);
        Map<String, Object> settings = KafkaClientSettings.of(login,
                KafkaLogin.files(folder.resolve("username"), folder.resolve("password"))).admin("taskfleet-launcher-check");
        Instant deadline = Instant.now().plus(LOGIN_TIMEOUT);
        try (Admin admin = Admin.create(settings)) {
            while (true) {
                try {
                    admin.describeCluster().clusterId().get();
                    return;
                } catch (ExecutionException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("user " + service + " could not log in to the broker within "
                                + LOGIN_TIMEOUT.toSeconds() + " s: " + e.getCause().getMessage(), e.getCause());
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the services' Kafka users", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void write(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, text);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
