package dev.taskfleet.benchmarks.quota;

import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the workers' {@code taskfleet_rate_limit_share} gauge: has the quota split followed the pods? */
final class ShareGauge {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration POLL = Duration.ofMillis(250);

    private final Pattern share;

    ShareGauge(String tier) {
        this.share = Pattern.compile("^taskfleet_rate_limit_share\\{tier=\"" + Pattern.quote(tier) + "\"} (\\S+)$",
                Pattern.MULTILINE);
    }

    /**
     * Polls until every one of {@code workers} publishes a share of {@code 1 / workers.size()}.
     *
     * @return when that was first seen, epoch ms
     * @throws IllegalStateException if it is not seen within {@code timeout}
     */
    long awaitSplit(List<ServiceProcess> workers, Duration timeout) throws InterruptedException {
        double wanted = 1.0 / workers.size();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            boolean split = true;
            for (ServiceProcess worker : workers) {
                split &= Math.abs(read(worker) - wanted) < 1e-9;
            }
            if (split) {
                return System.currentTimeMillis();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the workers' shares did not all become 1/" + workers.size() + " within "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The worker's share, NaN while it publishes none or does not answer. */
    private double read(ServiceProcess worker) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(worker.baseUrl().resolve("/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> metrics = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher matcher = share.matcher(metrics.body());
            return metrics.statusCode() == 200 && matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
