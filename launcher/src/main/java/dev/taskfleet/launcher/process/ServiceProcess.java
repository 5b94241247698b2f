package dev.taskfleet.launcher.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One service JVM (producer, router or a worker) with an HTTP port that answers
 * {@code /q/health/ready}. Closing it stops it with a 45 second grace period, enough for a worker
 * to drain the calls it has in flight.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Lines of log shown when a service fails to become ready. */
    public static final int FAILURE_LOG_LINES = 40;

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(45);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private final ManagedProcess process;
    private final int httpPort;

    private ServiceProcess(ManagedProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /** Starts {@code command} with all its output in {@code logFile}; does not wait for readiness. */
    public static ServiceProcess start(String name, List<String> command, Path logFile, int httpPort) {
        return start(name, command, logFile, httpPort, Map.of());
    }

    /** As {@link #start(String, List, Path, int)}, with these variables added to the inherited environment. */
    public static ServiceProcess start(String name, List<String> command, Path logFile, int httpPort,
                                       Map<String, String> environment) {
        return new ServiceProcess(ManagedProcess.start(name, command, logFile, environment), httpPort);
    }

    public String name() {
        return process.name();
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.handle();
    }

    public int httpPort() {
        return httpPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** {@code http://localhost:<port>}. */
    public URI baseUrl() {
        return URI.create("http://localhost:" + httpPort);
    }

    /**
     * Polls {@code /q/health/ready} until it answers 200.
     *
     * @throws IllegalStateException with the last 40 log lines if the process exits first or
     *                               {@code timeout} passes
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!pollReady()) {
            if (Instant.now().isAfter(deadline)) {
                throw failure(name() + " was not ready within " + timeout.toSeconds() + " s (" + readyUrl() + ")");
            }
            process.waitForExit(POLL_INTERVAL);
        }
    }

    /**
     * One readiness probe, for callers that wait for several services at once.
     *
     * @return whether {@code /q/health/ready} answered 200
     * @throws IllegalStateException with the last 40 log lines if the process has exited
     */
    public boolean pollReady() {
        if (!process.isAlive()) {
            throw failure(name() + " exited with code " + process.exitCode() + " before it was ready");
        }
        return answersOk(readyUrl());
    }

    private URI readyUrl() {
        return baseUrl().resolve("/q/health/ready");
    }

    /** An exception naming this service, carrying the tail of its log. */
    public IllegalStateException failure(String message) {
        return new IllegalStateException(message + "; last lines of " + logFile() + ":\n"
                + String.join("\n", logTail(FAILURE_LOG_LINES)));
    }

    private static boolean answersOk(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + uri, e);
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. */
    public void stop(Duration grace) {
        process.stop(grace);
    }

    /** SIGKILL now, as a crash would. */
    public void kill() {
        process.kill();
    }

    public List<String> logTail(int lines) {
        return process.logTail(lines);
    }

    /** Stops with a 45 second grace period: a worker's shutdown phase plus its default drain timeout, with room. */
    @Override
    public void close() {
        stop(CLOSE_GRACE);
    }

    @Override
    public String toString() {
        return process + " on port " + httpPort;
    }
}
