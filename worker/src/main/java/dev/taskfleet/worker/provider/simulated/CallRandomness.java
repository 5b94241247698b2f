package dev.taskfleet.worker.provider.simulated;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The random numbers of one call, derived only from (seed, task id, attempt). A task therefore
 * gets the same latency, length and outcome whichever pod runs it and in whatever order, so a
 * run can be repeated exactly; a new attempt at the same task draws afresh.
 *
 * <p>Draws are taken in a fixed order by the caller. Normal variates use Box-Muller on this
 * class's own uniforms rather than {@code RandomGenerator.nextGaussian()}, whose algorithm the
 * JDK does not promise to keep, so results are identical on every JDK.
 */
final class CallRandomness {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final SplittableRandom random;

    private CallRandomness(long seed) {
        this.random = new SplittableRandom(seed);
    }

    static CallRandomness of(long seed, String taskId, int attempt) {
        long h = mix(seed ^ fnv1a(taskId));
        h = mix(h + GOLDEN_GAMMA * attempt);
        return new CallRandomness(h);
    }

    /** Uniform in [0, 1). */
    double uniform() {
        return random.nextDouble();
    }

    /** Standard normal. */
    double normal() {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: keeps log() finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static long fnv1a(String text) {
        long hash = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
