package dev.taskfleet.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The map the layering rules check, in one place: which module may use which, and which packages
 * of a service are its adapters. Every other package of a service is its pure core.
 *
 * <p>To add a module, give it a line in {@link #MODULES} naming what it may use. To add an adapter
 * package to a service (a new Kafka reader, an HTTP client), add it to {@link #ADAPTER_PACKAGES}:
 * a package that is not listed is held to the pure-core rule, so the choice is made on purpose and
 * shows in review.
 */
final class Layering {

    static final String ROOT = "dev.taskfleet";

    /**
     * A module of the build as a layer: its packages and the modules it may use. Use within a module
     * is always allowed; the JDK and libraries are outside the layers and not checked here.
     */
    record Module(String name, String packages, List<String> mayUse) {
    }

    /** Bottom to top. Services never use each other: they only meet on Kafka topics and REST. */
    static final List<Module> MODULES = List.of(
            new Module("contract", ROOT + ".contract..", List.of()),
            new Module("config", ROOT + ".config..", List.of("contract")),
            new Module("api", ROOT + ".api..", List.of("contract")),
            new Module("policy", ROOT + ".policy..", List.of("contract")),
            new Module("kafka-support", ROOT + ".kafka..", List.of("contract")),
            new Module("testkit", ROOT + ".testkit..", List.of("contract", "config", "kafka-support")),
            new Module("producer", ROOT + ".producer..", List.of("contract", "config", "api", "kafka-support")),
            new Module("router", ROOT + ".router..", List.of("contract", "config", "policy", "kafka-support")),
            new Module("worker", ROOT + ".worker..", List.of("contract", "config", "kafka-support")),
            // kafka-support: the launcher's own Kafka clients build their login as the services do.
            new Module("launcher", ROOT + ".launcher..", List.of("contract", "config", "api", "policy", "kafka-support")),
            new Module("benchmarks", ROOT + ".benchmarks..",
                    List.of("contract", "config", "api", "policy", "kafka-support", "launcher")));

    /** Modules that are pure core as a whole: no framework, transport or broker type at all. */
    static final List<String> PURE_MODULES = List.of(ROOT + ".contract", ROOT + ".policy");

    /** The services whose packages are pure core unless listed in {@link #ADAPTER_PACKAGES}. */
    static final List<String> SERVICES = List.of(ROOT + ".producer", ROOT + ".router", ROOT + ".worker");

    /** The packages of the services that talk to Kafka, HTTP, Quarkus or the metrics registry. */
    static final Set<String> ADAPTER_PACKAGES = Set.of(
            ROOT + ".producer.api",
            ROOT + ".producer.auth",
            ROOT + ".producer.broker",
            ROOT + ".producer.config",
            ROOT + ".producer.control",
            ROOT + ".producer.health",
            ROOT + ".producer.metrics",
            ROOT + ".producer.publish",
            ROOT + ".producer.submit",
            ROOT + ".producer.tracking",
            ROOT + ".producer.web",
            ROOT + ".router.config",
            ROOT + ".router.explain",
            ROOT + ".router.health",
            ROOT + ".router.kafka",
            ROOT + ".router.metrics",
            ROOT + ".worker.config",
            ROOT + ".worker.lifecycle",
            ROOT + ".worker.messaging",
            ROOT + ".worker.metrics",
            ROOT + ".worker.provider.openai",
            ROOT + ".worker.provider.anthropic",
            ROOT + ".worker.provider.http",
            ROOT + ".worker.batch.kafka");

    /** What a pure core may not touch. */
    static final List<String> FORBIDDEN_IN_PURE_CORES = List.of(
            "org.apache.kafka..",
            "io.quarkus..",
            "jakarta..",
            "javax.ws..",
            "io.smallrye..",
            "org.eclipse.microprofile..",
            "io.vertx..",
            "io.netty..",
            "io.micrometer..",
            "org.jboss.resteasy..",
            "java.net.http..");

    /**
     * All the REST API's types may use: they are the API reference both the producer (which serves
     * them) and the CLI (which reads them) compile against, so the CLI must not inherit a server stack.
     */
    static final List<String> ALLOWED_IN_API = List.of(
            "java..",
            "com.fasterxml.jackson..",
            "org.eclipse.microprofile.openapi.annotations..",
            ROOT + ".api..",
            ROOT + ".contract..");

    private Layering() {
    }

    /** Every package of a pure module, and every package of a service that is not an adapter. */
    static Set<String> pureCorePackages(JavaClasses classes) {
        Set<String> pure = new TreeSet<>();
        for (JavaClass type : classes) {
            String pkg = type.getPackageName();
            boolean inPureModule = PURE_MODULES.stream().anyMatch(m -> pkg.equals(m) || pkg.startsWith(m + "."));
            boolean inService = SERVICES.stream().anyMatch(s -> pkg.equals(s) || pkg.startsWith(s + "."));
            if (inPureModule || inService && !ADAPTER_PACKAGES.contains(pkg)) {
                pure.add(pkg);
            }
        }
        return pure;
    }
}
