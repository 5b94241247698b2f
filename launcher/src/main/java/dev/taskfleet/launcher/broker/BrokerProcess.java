package dev.taskfleet.launcher.broker;

import dev.taskfleet.launcher.process.JavaCommand;
import dev.taskfleet.launcher.process.ManagedProcess;
import dev.taskfleet.launcher.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) in its own JVM.
 *
 * <p>Files under {@code dataDir}: {@code server.properties} and {@code log4j2.properties} (written
 * on every start), {@code data/} (the log directories, formatted on first start and kept across
 * runs) and {@code format.stamp} (the ports the storage was formatted for; the controller's
 * address is part of the formatted quorum, so other ports mean formatting afresh). The broker's
 * output goes to {@code <logDir>/broker.log}.
 *
 * <p>The caller owns the process and must {@link #close()} it.
 */
public final class BrokerProcess implements AutoCloseable {

    public static final String NAME = "broker";

    private static final Duration FORMAT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int FAILURE_LOG_LINES = 40;
    private static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m", "-Djava.awt.headless=true");

    private final BrokerConfig config;
    private final Path configFile;
    private final ManagedProcess process;
    private final Map<String, Object> adminSettings;
    /** What {@link #restart()} starts the same broker with. */
    private final Path dataDir;
    private final Path libDir;
    private final Path logDir;
    private final BrokerLogins logins;

    private BrokerProcess(BrokerConfig config, Path configFile, ManagedProcess process, Map<String, Object> adminSettings,
                          Path dataDir, Path libDir, Path logDir, BrokerLogins logins) {
        this.config = config;
        this.configFile = configFile;
        this.process = process;
        this.adminSettings = Map.copyOf(adminSettings);
        this.dataDir = dataDir;
        this.libDir = libDir;
        this.logDir = logDir;
        this.logins = logins;
    }

    /**
     * Writes the configuration, formats the storage if it is not formatted for these ports yet,
     * and starts the broker. Does not wait for it; call {@link #awaitReady(Duration)}.
     *
     * @param dataDir        configuration and data
     * @param libDir         the broker's jars ({@code launcher/target/lib})
     * @param port           client port, 0 for a free one
     * @param controllerPort controller port, 0 for a free one
     * @param logDir         where {@code broker.log} goes
     * @throws dev.taskfleet.launcher.process.PortInUseException if a port is taken
     * @throws IllegalStateException if the jars are missing or formatting fails
     */
    public static BrokerProcess start(Path dataDir, Path libDir, int port, int controllerPort, Path logDir) {
        return start(dataDir, libDir, port, controllerPort, logDir, null);
    }

    /**
     * As {@link #start(Path, Path, int, int, Path)}; with {@code logins}, the client listener takes
     * SASL logins only (see {@link BrokerConfig}) and the launcher's own clients log in as the admin.
     */
    public static BrokerProcess start(Path dataDir, Path libDir, int port, int controllerPort, Path logDir,
                                      BrokerLogins logins) {
        return start(dataDir, libDir, port, controllerPort, logDir, logins, false);
    }

    /**
     * Starts this broker again after its process ended (killed, crashed or stopped): the same ports,
     * data and logins, so its topics and committed records are there again and clients that kept
     * its address reconnect on their own. {@code broker.log} is added to, not replaced, so the
     * lines before the end stay readable. Does not wait; call {@link #awaitReady(Duration)}.
     *
     * @throws IllegalStateException if the process is still running
     * @throws dev.taskfleet.launcher.process.PortInUseException if another process took a port meanwhile
     */
    public BrokerProcess restart() {
        if (isAlive()) {
            throw new IllegalStateException("the Kafka broker (pid " + pid() + ") is still running; stop it first");
        }
        return start(dataDir, libDir, config.port(), config.controllerPort(), logDir, logins, true);
    }

    private static BrokerProcess start(Path dataDir, Path libDir, int port, int controllerPort, Path logDir,
                                       BrokerLogins logins, boolean restart) {
        requireBrokerJars(libDir);
        int clientPort = Ports.resolve(port);
        int quorumPort = Ports.resolve(controllerPort);
        while (quorumPort == clientPort) {
            quorumPort = Ports.pickFree();
        }
        Ports.requireFree(clientPort, "Kafka broker");
        Ports.requireFree(quorumPort, "Kafka controller");

        Path home = dataDir.toAbsolutePath();
        BrokerConfig config = new BrokerConfig(clientPort, quorumPort, home.resolve("data"),
                logins == null ? null : logins.adminPassword());
        Path configFile = home.resolve("server.properties");
        Path log4jFile = home.resolve("log4j2.properties");
        write(configFile, config.serverProperties(), config.secured());
        write(log4jFile, BrokerConfig.log4j2Properties());
        formatIfNeeded(config, home, libDir, configFile, log4jFile, logDir);

        List<String> command = javaCommand(libDir, log4jFile, "kafka.Kafka", configFile.toString());
        Path log = logDir.resolve(NAME + ".log");
        ManagedProcess process = restart ? ManagedProcess.startAppending(NAME, command, log)
                : ManagedProcess.start(NAME, command, log);
        Map<String, Object> adminSettings = logins == null
                ? Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers())
                : logins.adminClientSettings(config.bootstrapServers());
        return new BrokerProcess(config, configFile, process, adminSettings, dataDir, libDir, logDir, logins);
    }

    private static void requireBrokerJars(Path libDir) {
        try (Stream<Path> jars = Files.list(libDir)) {
            if (jars.noneMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"))) {
                throw new IllegalStateException("no Kafka broker jar in " + libDir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the broker's jars in " + libDir
                    + "; build the launcher first (./mvnw -B -DskipTests package)", e);
        }
    }

    private static void formatIfNeeded(BrokerConfig config, Path home, Path libDir, Path configFile,
                                       Path log4jFile, Path logDir) {
        Path stamp = home.resolve("format.stamp");
        String expected = "ports=" + config.port() + "," + config.controllerPort() + "\n";
        if (Files.exists(config.logDirs().resolve("meta.properties")) && expected.equals(read(stamp))) {
            return;
        }
        deleteRecursively(config.logDirs());
        List<String> command = javaCommand(libDir, log4jFile, "kafka.tools.StorageTool", "format", "--standalone",
                "-t", Uuid.randomUuid().toString(), "-c", configFile.toString());
        ManagedProcess format = ManagedProcess.start(NAME + "-format", command, logDir.resolve(NAME + "-format.log"));
        if (!format.waitForExit(FORMAT_TIMEOUT)) {
            format.kill();
            throw new IllegalStateException("formatting the broker storage took longer than " + FORMAT_TIMEOUT.toSeconds() + " s");
        }
        if (format.exitCode() != 0) {
            throw new IllegalStateException("formatting the broker storage in " + config.logDirs() + " failed with code "
                    + format.exitCode() + ":\n" + String.join("\n", format.logTail(FAILURE_LOG_LINES)));
        }
        write(stamp, expected);
    }

    private static List<String> javaCommand(Path libDir, Path log4jFile, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.executable());
        command.addAll(JVM_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + log4jFile.toUri());
        command.add("-cp");
        command.add(libDir.toAbsolutePath().resolve("*").toString());
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    /** What the launcher's own clients of this broker set: the address and, when secured, the admin's login. */
    public Map<String, Object> adminSettings() {
        return adminSettings;
    }

    public int port() {
        return config.port();
    }

    public int controllerPort() {
        return config.controllerPort();
    }

    /** The {@code server.properties} path; it appears in the broker's command line, so it identifies this broker. */
    public Path configFile() {
        return configFile;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.handle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or {@code null} while the broker runs (137 after a SIGKILL on Linux). */
    public Integer exitCode() {
        return process.exitCode();
    }

    public Path logFile() {
        return process.logFile();
    }

    public List<String> logTail(int lines) {
        return process.logTail(lines);
    }

    /**
     * Waits until the broker answers a cluster description.
     *
     * @throws IllegalStateException with the log's tail if the process exits or time runs out
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> settings = new HashMap<>(adminSettings);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(settings)) {
            while (true) {
                if (!process.isAlive()) {
                    throw failure("the Kafka broker exited with code " + process.exitCode() + " before it was ready");
                }
                if (answers(admin)) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw failure("the Kafka broker on " + bootstrapServers() + " was not ready within "
                            + timeout.toSeconds() + " s");
                }
                process.waitForExit(POLL_INTERVAL);
            }
        }
    }

    private static boolean answers(Admin admin) {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get().isEmpty();
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private IllegalStateException failure(String message) {
        return new IllegalStateException(message + "; last lines of " + logFile() + ":\n"
                + String.join("\n", logTail(FAILURE_LOG_LINES)));
    }

    /** SIGTERM (a controlled shutdown), wait up to {@code grace}, then SIGKILL. */
    public void stop(Duration grace) {
        process.stop(grace);
    }

    /** SIGKILL now, as a crash would. */
    public void kill() {
        process.kill();
    }

    /** Stops with a 30 second grace period. */
    @Override
    public void close() {
        stop(CLOSE_GRACE);
    }

    private static void write(Path file, String text) {
        write(file, text, false);
    }

    /** With {@code ownerOnly}, the file is created readable by its owner alone (it holds a password). */
    private static void write(Path file, String text, boolean ownerOnly) {
        try {
            Files.createDirectories(file.getParent());
            if (ownerOnly && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir + " before formatting it", e);
        }
    }
}
