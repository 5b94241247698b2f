package dev.taskfleet.policy;

/**
 * How many final outcomes were seen and how many of them succeeded.
 *
 * @param samples   outcomes seen, at least 0
 * @param successes outcomes that succeeded, between 0 and {@code samples}
 */
public record SuccessRate(long samples, long successes) {

    public SuccessRate {
        if (samples < 0 || successes < 0 || successes > samples) {
            throw new IllegalArgumentException("need 0 <= successes <= samples, got " + successes + "/" + samples);
        }
    }

    /** Successes divided by samples; 1.0 when there are no samples, so no data never looks like failure. */
    public double ratio() {
        return samples == 0 ? 1.0 : (double) successes / samples;
    }
}
