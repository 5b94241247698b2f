package dev.taskfleet.launcher.fleet;

import dev.taskfleet.launcher.process.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for several services at once, probing each in turn, so a service that dies is reported
 * the moment it does rather than after the ones before it became ready.
 */
final class Readiness {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private Readiness() {
    }

    /**
     * @throws IllegalStateException with the log tail of the first service that exited or is
     *                               still not ready when {@code timeout} has passed
     */
    static void awaitAll(List<ServiceProcess> services, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<ServiceProcess> pending = new ArrayList<>(services);
        while (true) {
            pending.removeIf(ServiceProcess::pollReady);
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                ServiceProcess late = pending.get(0);
                throw late.failure(late.name() + " was not ready within " + timeout.toSeconds() + " s");
            }
            pauseUnlessOneExits(pending);
        }
    }

    private static void pauseUnlessOneExits(List<ServiceProcess> services) {
        CompletableFuture<?>[] exits = services.stream().map(s -> s.handle().onExit()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.anyOf(exits).get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Time to probe again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the services", e);
        }
    }
}
