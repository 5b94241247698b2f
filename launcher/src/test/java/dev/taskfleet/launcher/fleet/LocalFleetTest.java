package dev.taskfleet.launcher.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's process handling, with {@link FakeService} packed as every module's
 * {@code quarkus-run.jar}; the end-to-end tests run the real services.
 */
class LocalFleetTest {

    @TempDir
    Path home;

    private LocalFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private void installFakeServices() throws IOException {
        String classFile = FakeService.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = FakeService.class.getClassLoader().getResourceAsStream(classFile)) {
            bytes = in.readAllBytes();
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        for (String module : List.of("producer", "router", "worker")) {
            Path jar = LocalFleet.serviceJar(home, module);
            Files.createDirectories(jar.getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                out.putNextEntry(new JarEntry(classFile));
                out.write(bytes);
                out.closeEntry();
            }
        }
    }

    private LocalFleetBuilder fakeFleet() throws IOException {
        installFakeServices();
        return LocalFleet.builder()
                .home(home)
                .workDir(home.resolve("work"))
                .bootstrapServers("localhost:1")
                .topicPrefix("fake")
                .producerPort(0)
                .routerPort(0)
                .workerPort("fast", 0)
                .workerPort("quality", 0)
                .javaOptions(List.of("-Dfake.jvm-option=yes"))
                .serviceProperty("fake.flag", "on");
    }

    private static String get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void startsEveryServiceWithTheContractsPropertiesAndStopsThemAll() throws Exception {
        fleet = fakeFleet().producerEnvironment("TASKFLEET_AUTH_API_KEY_HASHES", "local:abc123").build();

        fleet.start(Duration.ofMinutes(2));

        assertThat(fleet.services()).extracting(ServiceProcess::name)
                .containsExactly("producer", "router", "worker-fast", "worker-quality");
        assertThat(get(fleet.service("worker-quality").baseUrl().resolve("/props"))).contains(
                "fake.flag=on", "fake.jvm-option=yes", "kafka.bootstrap.servers=localhost:1",
                "taskfleet.tier-order=fast,quality", "taskfleet.topic-prefix=fake", "taskfleet.worker.tier=quality");
        assertThat(get(fleet.producerUrl().resolve("/props"))).doesNotContain("taskfleet.worker.tier")
                .contains("env.TASKFLEET_AUTH_API_KEY_HASHES=local:abc123");
        assertThat(get(fleet.service("router").baseUrl().resolve("/props"))).doesNotContain("local:abc123");
        assertThat(home.resolve("work/run/worker-fast.pid")).exists();
        assertThat(home.resolve("work/logs/producer.log")).content().contains("fake service ready");

        ServiceProcess extra = fleet.startWorker("fast");
        extra.awaitReady(Duration.ofMinutes(1));
        assertThat(extra.name()).isEqualTo("worker-fast-2");
        assertThat(get(extra.baseUrl().resolve("/props"))).contains("taskfleet.worker.tier=fast");

        List<ProcessHandle> handles = fleet.services().stream().map(ServiceProcess::handle).toList();
        fleet.close();

        assertThat(handles).noneMatch(ProcessHandle::isAlive);
        assertThat(home.resolve("work/run")).isEmptyDirectory();
    }

    @Test
    void aServiceThatDiesAtStartFailsTheStartWithItsLogAndStopsTheOthers() throws Exception {
        fleet = fakeFleet().serviceProperty("fake.fail-tier", "quality").build();

        assertThatThrownBy(() -> fleet.start(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("worker-quality exited with code 3")
                .hasMessageContaining("simulated start failure of the quality worker");

        assertThat(fleet.services()).isNotEmpty().noneMatch(ServiceProcess::isAlive);
    }

    @Test
    void aKilledServiceIsRestartedUnderItsNameOnItsPortAndARunningOneIsNot() throws Exception {
        fleet = fakeFleet().build();
        fleet.start(Duration.ofMinutes(2));
        ServiceProcess router = fleet.service("router");
        assertThatThrownBy(() -> fleet.restart("router")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still running");

        router.kill();
        router.handle().onExit().get(30, TimeUnit.SECONDS);
        ServiceProcess again = fleet.restart("router");
        again.awaitReady(Duration.ofMinutes(1));

        assertThat(again.pid()).isNotEqualTo(router.pid());
        assertThat(again.httpPort()).isEqualTo(router.httpPort());
        assertThat(fleet.service("router")).isSameAs(again);
        assertThat(get(again.baseUrl().resolve("/props"))).contains("taskfleet.topic-prefix=fake");
    }

    @Test
    void refusesToStartWhenAServiceIsNotBuiltAndSaysHowToBuildIt() {
        fleet = LocalFleet.builder().home(home).producerPort(0).routerPort(0).build();

        assertThatThrownBy(() -> fleet.start(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("producer is not built")
                .hasMessageContaining("./mvnw");
        assertThat(fleet.services()).isEmpty();
    }

    @Test
    void rejectsTiersThatCannotBeTopicNamesAndWorkersForUnknownTiers() {
        assertThatThrownBy(() -> LocalFleet.builder().tiers(List.of("Fast Tier")))
                .isInstanceOf(IllegalArgumentException.class);
        fleet = LocalFleet.builder().home(home).tiers(List.of("fast")).build();
        assertThatThrownBy(() -> fleet.startWorker("quality"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quality");
        assertThatThrownBy(() -> fleet.service("producer"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no service named 'producer'");
    }

    @Test
    void findsEachServiceJarUnderItsModule() {
        assertThat(LocalFleet.serviceJar(Path.of("/repo"), "router"))
                .isEqualTo(Path.of("/repo/router/target/quarkus-app/quarkus-run.jar"));
        assertThat(LocalFleet.workerName("quality")).isEqualTo("worker-quality");
    }
}
