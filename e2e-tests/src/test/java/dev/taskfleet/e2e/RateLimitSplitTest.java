package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tier's rate limits follow the packaged workers serving it: a worker alone takes the whole
 * quota, a second one joining halves both pods' shares, and its leaving gives the first the whole
 * quota back. Read from each worker's {@code taskfleet_rate_limit_share} gauge.
 */
class RateLimitSplitTest {

    private static final String PREFIX = "e2e-quota-split";
    /** A group of this test's own, so members left behind by other tests' workers of tier fast never count. */
    private static final String GROUP = "taskfleet-worker-fast-e2e-quota-split";
    /** A group rebalance plus one look-up (1 s here), with room for a loaded machine. */
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final Pattern SHARE = Pattern.compile("^taskfleet_rate_limit_share\\{tier=\"fast\"} (\\S+)$",
            Pattern.MULTILINE);

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX,
            () -> PackagedFleet.builder("fleet-quota-split", PREFIX, List.of("fast"))
                    .serviceProperty("taskfleet.tiers.fast.rate-limit.requests-per-minute", "600")
                    .serviceProperty("taskfleet.worker.quota-split-interval", "PT1S")
                    .serviceProperty("mp.messaging.incoming.tasks.group.id", GROUP));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theShareHalvesWhenASecondWorkerJoinsAndComesBackWhenItLeaves() {
        ServiceProcess first = running.fleet().service(LocalFleet.workerName("fast"));
        await().atMost(WITHIN).until(() -> share(first) == 1.0);

        ServiceProcess second = running.startWorker("fast");
        long joined = System.nanoTime();
        await().atMost(WITHIN).until(() -> share(first) == 0.5 && share(second) == 0.5);
        System.out.printf("quota split: both workers at 1/2 %d ms after the second was ready%n",
                Duration.ofNanos(System.nanoTime() - joined).toMillis());

        second.stop(Duration.ofSeconds(30));
        long left = System.nanoTime();
        await().atMost(WITHIN).until(() -> share(first) == 1.0);
        System.out.printf("quota split: the first worker back at 1 %d ms after the second stopped%n",
                Duration.ofNanos(System.nanoTime() - left).toMillis());
    }

    /** The worker's published share; NaN while it publishes none, which no wait here accepts. */
    private double share(ServiceProcess worker) throws IOException, InterruptedException {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(worker.baseUrl().resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).as("metrics of %s", worker.name()).isEqualTo(200);
        Matcher matcher = SHARE.matcher(metrics.body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }
}
