package dev.taskfleet.launcher.fleet;

import dev.taskfleet.config.FleetDefaults;
import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.broker.BrokerLogins;
import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.broker.BrokerSupervisor;
import dev.taskfleet.launcher.broker.RestartBudget;
import dev.taskfleet.launcher.process.Ports;
import dev.taskfleet.launcher.process.RunDirectory;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Everything {@code taskfleet demo} and {@code taskfleet local} run: the broker on its fixed ports
 * and the fleet on theirs, with files under {@code <home>/.taskfleet} ({@code kafka/},
 * {@code logs/}, {@code run/}, {@code api-key}). The producer accepts the local key
 * ({@link LocalApiKey}, team {@code local}), created on the first start.
 *
 * <p>Before starting it stops whatever an earlier, killed launcher left running (from the pid
 * files), then checks every port so a clash is reported before anything starts. It reports each
 * step on the given stream.
 *
 * <p>Secured, the broker keeps its data in {@code kafka-secure/} and takes SASL logins only; every
 * start makes a new SCRAM-SHA-512 login per service in {@code run/kafka-logins/<service>/}
 * ({@link BrokerLogins}), and each service logs in with its own. The broker authenticates but has
 * no authorizer: the ACLs each service needs are the chart's, tested by the secured end-to-end test.
 *
 * <p>Once started, {@link #requireRunning()} starts a broker that died again on its data, as a
 * supervisor would ({@link BrokerSupervisor}), but ends the stack when a service dies. Closing stops
 * the services first, then the broker; it is safe to call from a shutdown hook while
 * {@link #start(Duration)} or a broker restart is still running on another thread.
 */
public final class LocalStack implements AutoCloseable {

    /** The tiers {@code local} runs: the fleet's default tier order, one worker each. */
    private static final List<String> TIERS = FleetDefaults.TIERS;

    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(45);

    /**
     * A broker that dies is started again at most 3 times within 10 minutes: enough to ride out a
     * kill or the odd crash, while a broker that dies whenever it starts (disk full, a broken
     * configuration) ends the stack with its log after three attempts instead of restarting for ever.
     */
    private static final int BROKER_RESTARTS = 3;
    private static final Duration BROKER_RESTART_WINDOW = Duration.ofMinutes(10);

    private final Path home;
    private final Path workDir;
    private final Map<String, String> serviceProperties;
    private final boolean secure;
    private final PrintStream out;
    private final RunDirectory runDirectory;
    private final CountDownLatch closing = new CountDownLatch(1);
    private BrokerSupervisor brokerSupervisor;
    private LocalFleet fleet;
    private String apiKey;
    private boolean closed;

    /**
     * @param home              the repository root
     * @param serviceProperties {@code -D} overrides for every service
     * @param secure            whether the broker takes SASL logins only, one per service
     * @param out               where progress messages go
     */
    public LocalStack(Path home, Map<String, String> serviceProperties, boolean secure, PrintStream out) {
        this.home = home.toAbsolutePath().normalize();
        this.workDir = this.home.resolve(".taskfleet");
        this.serviceProperties = Map.copyOf(serviceProperties);
        this.secure = secure;
        this.out = out;
        this.runDirectory = new RunDirectory(workDir.resolve("run"));
    }

    /**
     * Cleans up an earlier run, checks the ports, starts the broker and waits for it, then starts
     * the fleet and waits for every service.
     *
     * @throws IllegalStateException (or its subclass PortInUseException) saying what went wrong
     */
    public void start(Duration readyTimeout) {
        List<String> leftovers = runDirectory.stopLeftovers(LEFTOVER_GRACE);
        if (!leftovers.isEmpty()) {
            say("stopped processes left over from an earlier run: " + String.join(", ", leftovers));
        }
        Ports.requireFree(LocalPorts.BROKER, "Kafka broker");
        Ports.requireFree(LocalPorts.CONTROLLER, "Kafka controller");
        Ports.requireFree(LocalPorts.PRODUCER, "producer HTTP");
        Ports.requireFree(LocalPorts.ROUTER, "router HTTP");
        for (int i = 0; i < TIERS.size(); i++) {
            Ports.requireFree(LocalPorts.worker(i), LocalFleet.workerName(TIERS.get(i)) + " HTTP");
        }

        long brokerStart = System.nanoTime();
        Path brokerDir = workDir.resolve(secure ? "kafka-secure" : "kafka");
        BrokerLogins logins = secure ? BrokerLogins.create(workDir.resolve("run").resolve("kafka-logins"), serviceLogins()) : null;
        say("starting the Kafka broker on " + LocalPorts.BOOTSTRAP_SERVERS + (secure ? " (SASL " + BrokerLogins.MECHANISM
                + ", a login per service in " + relative(logins.directory()) + ")" : "")
                + " (data in " + relative(brokerDir) + ")");
        BrokerProcess started = BrokerProcess.start(brokerDir, home.resolve("launcher/target/lib"),
                LocalPorts.BROKER, LocalPorts.CONTROLLER, workDir.resolve("logs"), logins);
        synchronized (this) {
            if (closed) {
                // Ctrl-C arrived while the broker was starting: close() saw no broker to stop.
                started.close();
            }
            requireOpen();
            brokerSupervisor = new BrokerSupervisor(started, new RestartBudget(BROKER_RESTARTS, BROKER_RESTART_WINDOW,
                    Clock.systemUTC()), readyTimeout, runDirectory, this::say);
            runDirectory.record(BrokerProcess.NAME, started.handle(), started.configFile().toString());
        }
        started.awaitReady(readyTimeout);
        if (logins != null) {
            logins.createUsers(started.bootstrapServers());
        }
        say("broker ready in " + seconds(brokerStart));

        long fleetStart = System.nanoTime();
        String key = LocalApiKey.ensure(home);
        synchronized (this) {
            apiKey = key;
        }
        // Tiers, topic prefix and ports are the builder's defaults, which are this stack's.
        LocalFleetBuilder builder = LocalFleet.builder()
                .home(home)
                .workDir(workDir)
                .bootstrapServers(started.bootstrapServers())
                .producerEnvironment(LocalApiKey.PRODUCER_ENV, LocalApiKey.producerEntry(key));
        if (logins != null) {
            logins.serviceProperties().forEach(builder::serviceProperty);
            builder.kafkaLogins(logins.directory());
        }
        serviceProperties.forEach(builder::serviceProperty);
        synchronized (this) {
            requireOpen();
            fleet = builder.build();
        }
        say("starting producer :" + LocalPorts.PRODUCER + ", router :" + LocalPorts.ROUTER + ", "
                + String.join(", ", TIERS.stream().map(t -> LocalFleet.workerName(t) + " :"
                        + LocalPorts.worker(TIERS.indexOf(t))).toList())
                + " (logs in " + relative(workDir.resolve("logs")) + ")");
        fleet.start(readyTimeout);
        say("all services ready in " + seconds(fleetStart));
    }

    /** The logins of the services {@code local} runs: producer, router, a worker per tier. */
    private static List<String> serviceLogins() {
        List<String> logins = new ArrayList<>(List.of(LocalFleet.PRODUCER, LocalFleet.ROUTER));
        TIERS.forEach(tier -> logins.add(LocalFleet.kafkaLogin(LocalFleet.WORKER, tier)));
        return logins;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("stopped while starting");
        }
    }

    /**
     * Starts the broker again if it died, within its restart budget (see
     * {@link BrokerSupervisor#restartIfStopped()}; this blocks until it answers again), then checks
     * that every service still runs.
     *
     * @throws IllegalStateException naming the broker when its restart budget is spent, or the first
     *                               service that is no longer running, with the tail of its log
     */
    public void requireRunning() {
        BrokerSupervisor currentSupervisor;
        LocalFleet currentFleet;
        synchronized (this) {
            currentSupervisor = brokerSupervisor;
            currentFleet = fleet;
        }
        if (currentSupervisor != null) {
            currentSupervisor.restartIfStopped();
        }
        if (currentFleet != null) {
            for (ServiceProcess service : currentFleet.services()) {
                if (!service.isAlive()) {
                    throw service.failure(service.name() + " stopped unexpectedly");
                }
            }
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Waits up to {@code timeout} for {@link #close()} to be called (by a shutdown hook, say).
     *
     * @return whether it has been called
     */
    public boolean awaitClose(Duration timeout) {
        try {
            return closing.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return isClosed();
        }
    }

    /** The broker now (a new process after each restart, on the same ports), or {@code null} before it was started. */
    public synchronized BrokerProcess broker() {
        return brokerSupervisor == null ? null : brokerSupervisor.broker();
    }

    /** The fleet, or {@code null} before it was created. */
    public synchronized LocalFleet fleet() {
        return fleet;
    }

    public Path home() {
        return home;
    }

    /** The key of team {@code local} the producer accepts; {@code null} before {@link #start(Duration)}. */
    public synchronized String apiKey() {
        return apiKey;
    }

    public Path workDir() {
        return workDir;
    }

    /** Whether the broker takes SASL logins only. */
    public boolean secure() {
        return secure;
    }

    /** Stops the services, then the broker. Idempotent. */
    @Override
    public void close() {
        BrokerSupervisor currentSupervisor;
        LocalFleet currentFleet;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing.countDown();
            currentSupervisor = brokerSupervisor;
            currentFleet = fleet;
        }
        if (currentFleet != null) {
            currentFleet.close();
        }
        if (currentSupervisor != null) {
            // Also stops a broker it is restarting at this moment.
            currentSupervisor.close();
        }
    }

    private void say(String message) {
        out.println("taskfleet: " + message);
    }

    private String relative(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
