package dev.taskfleet.launcher.fleet;

import dev.taskfleet.launcher.process.JavaCommand;
import dev.taskfleet.launcher.process.Ports;
import dev.taskfleet.launcher.process.RunDirectory;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The producer, the router and one worker per tier, each a separate JVM started from its
 * {@code <module>/target/quarkus-app/quarkus-run.jar}, against a broker someone else runs.
 *
 * <p>Service names: {@code producer}, {@code router}, {@code worker-<tier>}, and
 * {@code worker-<tier>-2}, {@code -3}... for instances added with {@link #startWorker(String)}.
 * Logs go to {@code <workDir>/logs/<name>.log}, pid files to {@code <workDir>/run/<name>.pid}.
 *
 * <p>The fleet owns its processes: {@link #close()} stops them all (SIGTERM, SIGKILL after 20 s).
 * Thread-safe, so a shutdown hook may close it while another thread starts it.
 */
public final class LocalFleet implements AutoCloseable {

    public static final String PRODUCER = "producer";
    public static final String ROUTER = "router";
    public static final String WORKER = "worker";

    /** The producer's setting for where the router answers (its route preview asks it). */
    static final String ROUTER_URL_KEY = "taskfleet.producer.router-url";

    /**
     * A worker needs its HTTP shutdown phase (5 s) plus its drain timeout (30 s by default) to
     * finish in-flight calls; SIGKILL before that redoes their work elsewhere.
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(45);

    private final FleetSettings settings;
    private final RunDirectory runDirectory;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /* How each service was started, so a dead one can be started again as it was. */
    private final Map<String, Planned> plans = new LinkedHashMap<>();
    private boolean closed;
    /* Resolved by start(): every producer replica's route preview asks this router. */
    private int routerPort;
    private final Thread shutdownHook = new Thread(this::close, "local-fleet-shutdown");

    LocalFleet(FleetSettings settings) {
        this.settings = settings;
        this.runDirectory = new RunDirectory(settings.workDir().resolve("run"));
    }

    /** How to run the fleet: every setting defaults to what {@code taskfleet local} runs. */
    public static LocalFleetBuilder builder() {
        return new LocalFleetBuilder();
    }

    /** The jar a module's service runs from. */
    public static Path serviceJar(Path home, String module) {
        return home.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** The login of a service's Kafka clients, a folder of {@link LocalFleetBuilder#kafkaLogins}: {@code producer}, {@code router}, {@code worker-<tier>}. */
    public static String kafkaLogin(String module, String workerTier) {
        return WORKER.equals(module) ? workerName(workerTier) : module;
    }

    /** The name of the first worker of {@code tier}. */
    public static String workerName(String tier) {
        return WORKER + "-" + tier;
    }

    /**
     * Starts the producer, the router and a worker per tier, then waits until every one is
     * ready. All start before any is waited for, so their start-ups overlap. On failure the
     * services started so far are stopped.
     *
     * @throws IllegalStateException if a jar is missing, a service dies or is not ready in time
     *                               (with the tail of its log)
     * @throws dev.taskfleet.launcher.process.PortInUseException if a fixed port is taken
     */
    public void start(Duration readyTimeout) {
        for (String module : List.of(PRODUCER, ROUTER, WORKER)) {
            Path jar = serviceJar(settings.home(), module);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(module + " is not built: " + jar
                        + " is missing; build it with ./mvnw -B -DskipTests package");
            }
        }
        List<Planned> plan = plan();
        plan.forEach(service -> Ports.requireFree(service.port(), service.name() + " HTTP"));
        // The children run in their own sessions, so nothing else stops them if this JVM ends
        // without close(): an interrupted test run, a killed build.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            List<ServiceProcess> started = new ArrayList<>();
            plan.forEach(service -> started.add(launch(service)));
            Readiness.awaitAll(started, readyTimeout);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private List<Planned> plan() {
        List<Planned> plan = new ArrayList<>();
        routerPort = Ports.resolve(settings.routerPort());
        plan.add(new Planned(PRODUCER, PRODUCER, null, Ports.resolve(settings.producerPort()), Map.of()));
        plan.add(new Planned(ROUTER, ROUTER, null, routerPort, Map.of()));
        for (int i = 0; i < settings.tiers().size(); i++) {
            String tier = settings.tiers().get(i);
            plan.add(new Planned(workerName(tier), WORKER, tier, Ports.resolve(settings.workerPort(i)), Map.of()));
        }
        return plan;
    }

    /**
     * Starts one more worker for {@code tier} on a free port, e.g. to scale out or to kill one
     * in a test. Does not wait: call {@link ServiceProcess#awaitReady(Duration)} on the result.
     */
    public ServiceProcess startWorker(String tier) {
        return startWorker(tier, Map.of());
    }

    /**
     * As {@link #startWorker(String)}, with system properties of its own on top of the fleet's,
     * e.g. a misconfigured worker in a test.
     */
    public ServiceProcess startWorker(String tier, Map<String, String> properties) {
        if (!settings.tiers().contains(tier)) {
            throw new IllegalArgumentException("'" + tier + "' is not one of this fleet's tiers " + settings.tiers());
        }
        synchronized (this) {
            String name = workerName(tier);
            for (int instance = 2; services.containsKey(name); instance++) {
                name = workerName(tier) + "-" + instance;
            }
            return launch(new Planned(name, WORKER, tier, Ports.pickFree(), properties));
        }
    }

    /**
     * Starts another producer replica on a free port (named {@code producer-2}, {@code -3}...),
     * e.g. to show that replicas rebuild the same batch state from Kafka. Does not wait.
     */
    public synchronized ServiceProcess startProducer() {
        String name = PRODUCER + "-2";
        for (int instance = 3; services.containsKey(name); instance++) {
            name = PRODUCER + "-" + instance;
        }
        return launch(new Planned(name, PRODUCER, null, Ports.pickFree(), Map.of()));
    }

    /**
     * Starts a service that died or was killed again under its name, on its port and with its
     * settings, as a supervisor (Kubernetes, systemd) restarts a crashed process; e.g. to bring the
     * router back after a test killed it. Does not wait: call
     * {@link ServiceProcess#awaitReady(Duration)} on the result.
     *
     * @throws IllegalStateException if the service is still running
     */
    public synchronized ServiceProcess restart(String name) {
        ServiceProcess previous = service(name);
        if (previous.isAlive()) {
            throw new IllegalStateException(name + " (pid " + previous.pid() + ") is still running; stop it first");
        }
        return launch(plans.get(name));
    }

    private synchronized ServiceProcess launch(Planned planned) {
        if (closed) {
            throw new IllegalStateException("the fleet is stopping; not starting " + planned.name());
        }
        Path jar = serviceJar(settings.home(), planned.module()).toAbsolutePath();
        ServiceCommand command = new ServiceCommand(JavaCommand.executable(), settings.javaOptions(), jar,
                settings.bootstrapServers(), planned.port(), settings.topicPrefix(), settings.tiers(), planned.workerTier(),
                properties(planned));
        Map<String, String> environment = PRODUCER.equals(planned.module()) ? settings.producerEnvironment() : Map.of();
        ServiceProcess service = ServiceProcess.start(planned.name(), command.toList(),
                settings.workDir().resolve("logs").resolve(planned.name() + ".log"), planned.port(), environment);
        runDirectory.record(planned.name(), service.handle(), jar.toString());
        services.put(planned.name(), service);
        plans.put(planned.name(), planned);
        return service;
    }

    /** The fleet's service properties, the service's own Kafka login files when it has them, and its own properties. */
    private Map<String, String> properties(Planned planned) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (PRODUCER.equals(planned.module())) {
            // Every producer replica's route preview asks this fleet's router; --set may override it.
            properties.put(ROUTER_URL_KEY, "http://localhost:" + routerPort);
        }
        properties.putAll(settings.properties());
        if (settings.kafkaLogins() != null) {
            Path login = settings.kafkaLogins().resolve(kafkaLogin(planned.module(), planned.workerTier()));
            properties.put("taskfleet.kafka.sasl.username-file", login.resolve("username").toString());
            properties.put("taskfleet.kafka.sasl.password-file", login.resolve("password").toString());
        }
        properties.putAll(planned.properties());
        return properties;
    }

    /** {@code http://localhost:<producer port>}. */
    public URI producerUrl() {
        return service(PRODUCER).baseUrl();
    }

    /** A started service by name ({@code producer}, {@code router}, {@code worker-<tier>}...). */
    public synchronized ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service named '" + name + "'; started: " + services.keySet());
        }
        return service;
    }

    /** Every service started so far, in start order. */
    public synchronized List<ServiceProcess> services() {
        return List.copyOf(services.values());
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public String topicPrefix() {
        return settings.topicPrefix();
    }

    public List<String> tiers() {
        return settings.tiers();
    }

    /** Stops every service at once (SIGTERM, SIGKILL after 45 s) and removes their pid files. */
    @Override
    public void close() {
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // The JVM is already shutting down, or start() never registered the hook.
            }
        }
        List<ServiceProcess> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(services.values());
        }
        List<Thread> stoppers = new ArrayList<>();
        for (ServiceProcess service : running) {
            Thread stopper = new Thread(() -> service.stop(STOP_GRACE), "stop-" + service.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(ServiceProcess::kill);
            }
        }
        running.forEach(service -> runDirectory.forget(service.name()));
    }

    /** A service about to be started: its name, module, tier (workers only), resolved port and own properties. */
    private record Planned(String name, String module, String workerTier, int port, Map<String, String> properties) {
    }
}
