package dev.taskfleet.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses small shell processes as stand-ins for services and an in-test HTTP server as their health endpoint. */
class ServiceProcessTest {

    @TempDir
    Path dir;

    private HttpServer health;
    private ServiceProcess service;

    @AfterEach
    void cleanUp() {
        if (service != null) {
            service.kill();
        }
        if (health != null) {
            health.stop(0);
        }
    }

    @Test
    void awaitReadyPollsUntilTheHealthEndpointSaysUp() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        health = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        health.createContext("/q/health/ready", exchange -> {
            // Down twice, like a service still connecting to Kafka, then up.
            int status = calls.incrementAndGet() <= 2 ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        health.start();
        service = ServiceProcess.start("fake", List.of("sleep", "60"), dir.resolve("fake.log"),
                health.getAddress().getPort());

        service.awaitReady(Duration.ofSeconds(30));

        assertThat(calls.get()).isGreaterThanOrEqualTo(3);
        assertThat(service.isAlive()).isTrue();
        assertThat(service.baseUrl().toString()).isEqualTo("http://localhost:" + health.getAddress().getPort());
    }

    @Test
    void awaitReadyFailsFastWithTheLogTailWhenTheProcessDies() {
        service = ServiceProcess.start("dying", List.of("sh", "-c", "echo starting; echo 'port in use' >&2; exit 3"),
                dir.resolve("dying.log"), Ports.pickFree());

        assertThatThrownBy(() -> service.awaitReady(Duration.ofMinutes(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dying exited with code 3")
                .hasMessageContaining("starting")
                .hasMessageContaining("port in use");
    }

    @Test
    void awaitReadyGivesUpAfterTheTimeout() {
        service = ServiceProcess.start("silent", List.of("sleep", "60"), dir.resolve("silent.log"), Ports.pickFree());

        assertThatThrownBy(() -> service.awaitReady(Duration.ofMillis(500)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("silent was not ready within");
        assertThat(service.isAlive()).isTrue();
    }

    @Test
    void stopEscalatesToSigkillWhenSigtermIsIgnored() {
        service = ServiceProcess.start("stubborn", List.of("sh", "-c", "trap '' TERM; echo up; exec sleep 60"),
                dir.resolve("stubborn.log"), Ports.pickFree());
        long pid = service.pid();
        await().atMost(Duration.ofSeconds(10)).until(() -> service.logTail(5).contains("up"));

        service.stop(Duration.ofMillis(300));

        assertThat(service.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void logTailReturnsTheLastLines() {
        service = ServiceProcess.start("counter", List.of("sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done"),
                dir.resolve("counter.log"), Ports.pickFree());
        await().atMost(Duration.ofSeconds(10)).until(() -> !service.isAlive());

        assertThat(service.logTail(2)).containsExactly("line4", "line5");
        assertThat(service.logFile()).isEqualTo(dir.resolve("counter.log").toAbsolutePath());
    }
}
