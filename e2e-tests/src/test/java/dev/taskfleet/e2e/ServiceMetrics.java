package dev.taskfleet.e2e;

import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads one series from a running service's Prometheus endpoint ({@code /q/metrics}). */
final class ServiceMetrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServiceMetrics() {
    }

    /**
     * The value of {@code name} with the tag {@code tag=value} (other tags ignored, their series
     * summed), 0 when the series does not exist yet (counters with a tag appear with their first
     * increment). Any series: a counter, a gauge, a histogram's {@code _count} or {@code _sum}.
     */
    static double value(ServiceProcess service, String name, String tag, String value) {
        String scrape = scrape(service);
        String tagged = tag + "=\"" + value + "\"";
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(tagged))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String scrape(ServiceProcess service) {
        URI uri = service.baseUrl().resolve("/q/metrics");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(uri + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("could not read " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted reading " + uri, e);
        }
    }
}
