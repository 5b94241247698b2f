package dev.taskfleet.e2e;

import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What a supervisor's liveness probe (Kubernetes', here the test's) asks a service. */
final class LivenessProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private LivenessProbe() {
    }

    /** Whether {@code /q/health/live} answers 200 within five seconds. */
    static boolean live(ServiceProcess service) {
        try {
            HttpRequest probe = HttpRequest.newBuilder(service.baseUrl().resolve("/q/health/live")).timeout(TIMEOUT).build();
            return HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
