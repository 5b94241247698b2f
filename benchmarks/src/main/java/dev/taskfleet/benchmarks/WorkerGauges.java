package dev.taskfleet.benchmarks;

import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What each worker of a fleet says of its intake right now, read from its {@code /q/metrics}: for
 * a harness whose batch stalled, so the failure says whether the missing tasks were never read,
 * wait in an intake, or are on a model ({@code worker-quality: waiting 10, in flight 0, ...}).
 */
public final class WorkerGauges {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** In the summary's order: its label, and the Prometheus series it sums over every tag. */
    private static final List<Series> SERIES = List.of(
            new Series("assigned partitions", "kafka_consumer_coordinator_assigned_partitions"),
            new Series("waiting", "taskfleet_intake_waiting"),
            new Series("paused partitions", "taskfleet_intake_paused_partitions"),
            new Series("in flight", "taskfleet_tasks_in_flight"),
            new Series("completed", "taskfleet_tasks_completed_total"),
            new Series("provider batches", "taskfleet_provider_batches_in_flight"));

    private record Series(String label, String name) {
    }

    private WorkerGauges() {
    }

    /** One line per worker of {@code fleet}; a worker that does not answer says so. Never throws. */
    public static String of(LocalFleet fleet) {
        List<String> lines = new ArrayList<>();
        for (ServiceProcess service : fleet.services()) {
            if (service.name().startsWith(LocalFleet.WORKER + "-")) {
                lines.add(service.name() + ": " + read(service));
            }
        }
        return String.join("; ", lines);
    }

    private static String read(ServiceProcess worker) {
        if (!worker.isAlive()) {
            return "not running";
        }
        String body;
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(worker.baseUrl().resolve("/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "metrics answered " + response.statusCode();
            }
            body = response.body();
        } catch (IOException e) {
            return "metrics unreadable (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        List<String> parts = new ArrayList<>();
        for (Series series : SERIES) {
            parts.add(series.label() + " " + sum(body, series.name()));
        }
        return String.join(", ", parts);
    }

    /** The sum of every sample of {@code series}, or "none" when the worker publishes none. */
    static String sum(String metrics, String series) {
        OptionalDouble total = total(metrics, series);
        return total.isPresent() ? String.format(Locale.ROOT, "%.0f", total.getAsDouble()) : "none";
    }

    /** The sum of every sample of {@code series}, or empty when the service publishes none. */
    static OptionalDouble total(String metrics, String series) {
        double total = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + "{") || line.startsWith(series + " ")) {
                String[] fields = line.trim().split(" ");
                try {
                    total += Double.parseDouble(fields[fields.length - 1]);
                    found = true;
                } catch (NumberFormatException notASample) {
                    // a line of another shape; the sum is of samples only
                }
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }
}
