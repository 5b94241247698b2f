package dev.taskfleet.benchmarks.quota;

import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.benchmarks.ServiceProperties;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What one {@link QuotaBenchmark} run does. */
@Command(name = "QuotaBenchmark", sortOptions = false, showDefaultValues = true,
        description = "One tier kept saturated behind a provider enforcing RPM and TPM with 429 + Retry-After, "
                + "its workers scaled 1 -> 3 -> 1; per phase, the share of the quota used and the 429s.",
        footer = {"The work directory is <home>/benchmarks/target/quota-run unless --work-dir names one.",
                HarnessOptions.HOME_FOOTER})
public final class QuotaOptions extends HarnessOptions {

    @Option(names = "--rpm", paramLabel = "N", defaultValue = "600",
            description = "the provider's requests per minute, also the tier's rate-limit.requests-per-minute")
    private long requestsPerMinute;

    @Option(names = "--tpm", paramLabel = "N", defaultValue = "60000",
            description = "the provider's tokens per minute, also the tier's rate-limit.tokens-per-minute")
    private long tokensPerMinute;

    @Option(names = "--completion-tokens", paramLabel = "N", defaultValue = "100",
            description = "completion tokens the provider charges per call, on top of the prompt's")
    private long completionTokens;

    @Option(names = "--provider-burst", paramLabel = "DURATION", defaultValue = "PT10S",
            description = "how much of each quota the provider's buckets save up (they start full)")
    private Duration providerBurst;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "PT15S",
            description = "skipped after each scale step before a phase is measured: the split interval (5 s) "
                    + "plus the workers' burst (10 s)")
    private Duration settle;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "PT60S",
            description = "each phase's measurement window")
    private Duration window;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "64", description = "each worker's max-in-flight")
    private int inFlight;

    @Mixin
    private ServiceProperties serviceProperties = new ServiceProperties();

    public QuotaOptions() {
        super("quota-run");
    }

    @Override
    protected void check() {
        if (requestsPerMinute < 1 || tokensPerMinute < 1 || completionTokens < 1 || inFlight < 1) {
            throw new IllegalArgumentException("rpm, tpm, completion-tokens and in-flight must be at least 1");
        }
        if (providerBurst.compareTo(Duration.ofSeconds(1)) < 0 || settle.isNegative()
                || window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("provider-burst and window must be at least 1 s, settle not negative");
        }
        if (window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("window must be whole seconds: the provider counts per second");
        }
    }

    public long requestsPerMinute() {
        return requestsPerMinute;
    }

    public long tokensPerMinute() {
        return tokensPerMinute;
    }

    public long completionTokens() {
        return completionTokens;
    }

    public Duration providerBurst() {
        return providerBurst;
    }

    public Duration settle() {
        return settle;
    }

    public Duration window() {
        return window;
    }

    public int inFlight() {
        return inFlight;
    }

    /** Extra system properties for every service, set after the harness's own. */
    public Map<String, String> serviceProperties() {
        return serviceProperties.values();
    }
}
