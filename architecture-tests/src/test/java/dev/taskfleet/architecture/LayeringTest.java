package dev.taskfleet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tree's layering, checked on the compiled classes of every module, so that a wrong import
 * fails the build instead of waiting for a reviewer. The three rules and their data live in
 * {@link Layering}; this class applies them.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importEveryModule() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(Layering.ROOT);
    }

    @Test
    void modulesDependOnlyOnTheModulesBelowThem() {
        LayeredArchitecture architecture = Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(false);
        for (Layering.Module module : Layering.MODULES) {
            architecture = architecture.layer(module.name()).definedBy(module.packages());
        }
        for (Layering.Module module : Layering.MODULES) {
            architecture = module.mayUse().isEmpty()
                    ? architecture.whereLayer(module.name()).mayNotAccessAnyLayer()
                    : architecture.whereLayer(module.name()).mayOnlyAccessLayers(module.mayUse().toArray(String[]::new));
        }
        architecture.because("a module is built from the modules below it; a dependency upward or sideways "
                + "between services ties their releases together").check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(Layering.ROOT + ".(**)")
                .should().beFreeOfCycles()
                .because("a package cycle means two ideas that cannot be understood, tested or moved apart")
                .check(classes);
    }

    @Test
    void pureCoresUseNoFrameworkTransportOrBroker() {
        ArchRule rule = noClasses()
                .that().resideInAnyPackage(Layering.pureCorePackages(classes).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage(Layering.FORBIDDEN_IN_PURE_CORES.toArray(String[]::new))
                .because("the tier policy, retry and escalation, rate limits, batch aggregation and cost model "
                        + "are plain Java, unit-tested in milliseconds; Kafka, HTTP and Quarkus belong to the "
                        + "adapters around them");
        rule.check(classes);
    }

    @Test
    void apiTypesUseOnlyTheJdkJacksonAndOpenApiAnnotations() {
        classes().that().resideInAPackage(Layering.ROOT + ".api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(Layering.ALLOWED_IN_API.toArray(String[]::new))
                .because("the CLI compiles against these types and must not inherit the producer's server stack")
                .check(classes);
    }

    /**
     * The worker is built with ArC's context propagation off ({@code quarkus.arc.context-propagation.enabled}
     * in its application.properties): it captured and restored the request context around every
     * callback of the messaging path, for beans the worker does not have. A request-scoped bean or a
     * managed executor there would now lose its context between asynchronous steps, so neither may appear.
     */
    @Test
    void theWorkerNeedsNoRequestContext() {
        // Dependencies, not class annotations: a method's @ActivateRequestContext or an injected
        // request-scoped type counts as well.
        DescribedPredicate<HasName> requestContext = HasName.Predicates.nameMatching(
                "jakarta\\.enterprise\\.context\\.(RequestScoped|control\\.ActivateRequestContext"
                        + "|control\\.RequestContextController)|io\\.quarkus\\.arc\\.ManagedContext"
                        + "|io\\.quarkus\\.security\\.identity\\.SecurityIdentity|io\\.vertx\\.ext\\.web\\.RoutingContext");
        noClasses().that().resideInAnyPackage(Layering.ROOT + ".worker..", Layering.ROOT + ".kafka..",
                        Layering.ROOT + ".config..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("org.eclipse.microprofile.context..",
                        "io.smallrye.context..", "jakarta.ws.rs..").or(requestContext))
                .because("the worker builds without CDI context propagation, which took 6-7% of its CPU samples in a profile")
                .check(classes);
    }

    /** The rules above are only as good as their data: every module and adapter package they name exists. */
    @Test
    void everyModuleAndAdapterPackageTheRulesNameExists() {
        Set<String> packages = classes.stream().map(JavaClass::getPackageName)
                .collect(Collectors.toCollection(TreeSet::new));
        for (Layering.Module module : Layering.MODULES) {
            String prefix = module.packages().replace("..", "");
            assertThat(packages).as("module %s (%s)", module.name(), module.packages())
                    .anyMatch(p -> p.equals(prefix) || p.startsWith(prefix + "."));
        }
        assertThat(packages).as("adapter packages named in Layering").containsAll(Layering.ADAPTER_PACKAGES);
    }

    /** A sanity check that the import sees the services at all: an empty import would pass every rule. */
    @Test
    void theImportSeesEveryService() {
        assertThat(classes.stream().map(JavaClass::getPackageName))
                .anyMatch(p -> p.startsWith(Layering.ROOT + ".producer."))
                .anyMatch(p -> p.startsWith(Layering.ROOT + ".router."))
                .anyMatch(p -> p.startsWith(Layering.ROOT + ".worker."))
                .anyMatch(p -> p.startsWith(Layering.ROOT + ".launcher"));
    }
}
