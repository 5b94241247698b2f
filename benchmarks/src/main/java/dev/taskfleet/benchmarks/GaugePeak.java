package dev.taskfleet.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Scrapes one gauge of a service's {@code /q/metrics} on a daemon thread, keeping the highest value
 * seen (every series of the gauge summed): how far a bound was passed while a batch ran. A scrape
 * that fails is skipped; -1 until one succeeds.
 */
final class GaugePeak implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI metrics;
    private final String series;
    private final long intervalMs;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile double peak = -1;

    private GaugePeak(URI metrics, String series, Duration interval) {
        this.metrics = metrics;
        this.series = series;
        this.intervalMs = interval.toMillis();
        this.thread = new Thread(this::sample, "gauge-peak-" + series);
        this.thread.setDaemon(true);
    }

    /** Starts scraping {@code series} from {@code metrics} every {@code interval}. */
    static GaugePeak start(URI metrics, String series, Duration interval) {
        GaugePeak sampler = new GaugePeak(metrics, series, interval);
        sampler.thread.start();
        return sampler;
    }

    /** The highest value seen so far, or -1. */
    double peak() {
        return peak;
    }

    private void sample() {
        while (running) {
            try {
                String body = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                WorkerGauges.total(body, series).ifPresent(value -> peak = Math.max(peak, value));
            } catch (IOException | RuntimeException e) {
                // Skipped: the next scrape may answer.
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
