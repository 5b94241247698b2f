package dev.taskfleet.worker.provider.simulated;

import java.time.Duration;
import java.util.Objects;

/**
 * How one simulated model behaves.
 *
 * <p>Latency and output length are log-normal: {@code median * exp(spread * z)} with {@code z}
 * standard normal. That is the usual shape of service latencies (a floor, a long right tail) and
 * it keeps the configured median the actual median whatever the spread.
 *
 * @param model              the model name this profile answers to
 * @param latencyMedian      median time per call
 * @param latencySpread      sigma of the log-normal latency; 0 makes every call take the median
 * @param failureRate        share of calls that fail, 0 to 1
 * @param outputTokensMedian median completion length in tokens
 * @param outputTokensSpread sigma of the log-normal completion length
 * @param malformedRate      share of answers to a task expecting JSON that come back as prose
 *                           instead, 0 to 1 (see {@link SimulatedAnswer})
 * @param capability         the hardest task this model answers right, 0 to 1: a task whose
 *                           {@link TaskDifficulty} is above it gets a wrong answer on every call,
 *                           so retrying the same model does not help and a stronger one does
 */
public record SimulatedProfile(
        String model,
        Duration latencyMedian,
        double latencySpread,
        double failureRate,
        long outputTokensMedian,
        double outputTokensSpread,
        double malformedRate,
        double capability) {

    public SimulatedProfile {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(latencyMedian, "latencyMedian");
        if (latencyMedian.isNegative() || latencyMedian.isZero()) {
            throw new IllegalArgumentException(model + ": latency median must be positive, was " + latencyMedian);
        }
        if (!(latencySpread >= 0) || !(outputTokensSpread >= 0)) {
            throw new IllegalArgumentException(model + ": spreads must be zero or positive");
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException(model + ": failure rate must be between 0 and 1, was " + failureRate);
        }
        if (!(malformedRate >= 0 && malformedRate <= 1)) {
            throw new IllegalArgumentException(model + ": malformed rate must be between 0 and 1, was " + malformedRate);
        }
        if (!(capability >= 0 && capability <= 1)) {
            throw new IllegalArgumentException(model + ": capability must be between 0 and 1, was " + capability);
        }
        if (outputTokensMedian < 1) {
            throw new IllegalArgumentException(model + ": output tokens median must be at least 1, was "
                    + outputTokensMedian);
        }
    }
}
