package dev.taskfleet.launcher.fleet;

import dev.taskfleet.contract.TopicNames;
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

    /**
     * A worker needs its HTTP shutdown phase (5 s) plus its drain timeout (30 s by default) to
     * finish in-flight calls; SIGKILL before that redoes their work elsewhere.
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(45);

    private final FleetSettings settings;
    private final RunDirectory runDirectory;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private boolean closed;
    private final Thread shutdownHook = new Thread(this::close, "local-fleet-shutdown");

    private LocalFleet(FleetSettings settings) {
        this.settings = settings;
        this.runDirectory = new RunDirectory(settings.workDir().resolve("run"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The jar a module's service runs from. */
    public static Path serviceJar(Path home, String module) {
        return home.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
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
        plan.add(new Planned(PRODUCER, PRODUCER, null, Ports.resolve(settings.producerPort())));
        plan.add(new Planned(ROUTER, ROUTER, null, Ports.resolve(settings.routerPort())));
        for (int i = 0; i < settings.tiers().size(); i++) {
            String tier = settings.tiers().get(i);
            plan.add(new Planned(workerName(tier), WORKER, tier, Ports.resolve(settings.workerPort(i))));
        }
        return plan;
    }

    /**
     * Starts one more worker for {@code tier} on a free port, e.g. to scale out or to kill one
     * in a test. Does not wait: call {@link ServiceProcess#awaitReady(Duration)} on the result.
     */
    public ServiceProcess startWorker(String tier) {
        if (!settings.tiers().contains(tier)) {
            throw new IllegalArgumentException("'" + tier + "' is not one of this fleet's tiers " + settings.tiers());
        }
        synchronized (this) {
            String name = workerName(tier);
            for (int instance = 2; services.containsKey(name); instance++) {
                name = workerName(tier) + "-" + instance;
            }
            return launch(new Planned(name, WORKER, tier, Ports.pickFree()));
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
        return launch(new Planned(name, PRODUCER, null, Ports.pickFree()));
    }

    private synchronized ServiceProcess launch(Planned planned) {
        if (closed) {
            throw new IllegalStateException("the fleet is stopping; not starting " + planned.name());
        }
        Path jar = serviceJar(settings.home(), planned.module()).toAbsolutePath();
        ServiceCommand command = new ServiceCommand(JavaCommand.executable(), settings.javaOptions(), jar,
                settings.bootstrapServers(), planned.port(), settings.topicPrefix(), settings.tiers(), planned.workerTier(),
                settings.properties());
        Map<String, String> environment = PRODUCER.equals(planned.module()) ? settings.producerEnvironment() : Map.of();
        ServiceProcess service = ServiceProcess.start(planned.name(), command.toList(),
                settings.workDir().resolve("logs").resolve(planned.name() + ".log"), planned.port(), environment);
        runDirectory.record(planned.name(), service.handle(), jar.toString());
        services.put(planned.name(), service);
        return service;
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

    /** A service about to be started: its name, module, tier (workers only) and resolved port. */
    private record Planned(String name, String module, String workerTier, int port) {
    }

    /**
     * How to run the fleet. Every setting has a default that matches {@code taskfleet local}.
     */
    public static final class Builder {

        private Path home = Path.of("").toAbsolutePath();
        private String bootstrapServers = "localhost:19092";
        private List<String> tiers = List.of("fast", "quality");
        private String topicPrefix = TopicNames.DEFAULT_PREFIX;
        private int producerPort = 8080;
        private int routerPort = 8081;
        private final Map<String, Integer> workerPorts = new LinkedHashMap<>();
        private Path workDir;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private List<String> javaOptions = List.of();
        private final Map<String, String> producerEnvironment = new LinkedHashMap<>();

        private Builder() {
        }

        /** The repository root holding {@code producer/}, {@code router/} and {@code worker/}; default the working directory. */
        public Builder home(Path repoRoot) {
            this.home = repoRoot.toAbsolutePath().normalize();
            return this;
        }

        /** The broker every service connects to; default {@code localhost:19092}. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** The fleet's tiers, cheapest first; one worker is started per tier. Default {@code fast, quality}. */
        public Builder tiers(List<String> tiers) {
            tiers.forEach(TopicNames::requireValidTier);
            if (tiers.isEmpty()) {
                throw new IllegalArgumentException("a fleet needs at least one tier");
            }
            this.tiers = List.copyOf(tiers);
            return this;
        }

        /** The prefix of every topic; default {@code taskfleet}. */
        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = new TopicNames(topicPrefix).prefix();
            return this;
        }

        /** The producer's HTTP port; default 8080, 0 picks a free port. */
        public Builder producerPort(int port) {
            this.producerPort = requirePort(port);
            return this;
        }

        /** The router's HTTP port; default 8081, 0 picks a free port. */
        public Builder routerPort(int port) {
            this.routerPort = requirePort(port);
            return this;
        }

        /** The HTTP port of the first worker of {@code tier}; default 8082 + the tier's index, 0 picks a free port. */
        public Builder workerPort(String tier, int port) {
            workerPorts.put(TopicNames.requireValidTier(tier), requirePort(port));
            return this;
        }

        /** Where logs ({@code logs/}) and pid files ({@code run/}) go; default {@code <home>/.taskfleet}. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir.toAbsolutePath().normalize();
            return this;
        }

        /** A system property ({@code -Dkey=value}) for every service; may override the contract's keys. */
        public Builder serviceProperty(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a service property needs a key");
            }
            properties.put(key, value);
            return this;
        }

        /** Extra JVM options for every service, after the default {@code -Xmx384m}; default none. */
        public Builder javaOptions(List<String> javaOptions) {
            this.javaOptions = List.copyOf(javaOptions);
            return this;
        }

        /**
         * An environment variable for the producer only, on top of the inherited environment; e.g.
         * {@code TASKFLEET_AUTH_API_KEY_HASHES}, which is kept out of the command line (and so out of
         * {@code ps}) and away from the other services. Default none.
         */
        public Builder producerEnvironment(String name, String value) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an environment variable needs a name");
            }
            producerEnvironment.put(name, value);
            return this;
        }

        public LocalFleet build() {
            return new LocalFleet(new FleetSettings(home, bootstrapServers, tiers, topicPrefix, producerPort, routerPort,
                    workerPorts, workDir != null ? workDir : home.resolve(".taskfleet"), properties, javaOptions,
                    producerEnvironment));
        }

        private static int requirePort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            return port;
        }
    }
}
