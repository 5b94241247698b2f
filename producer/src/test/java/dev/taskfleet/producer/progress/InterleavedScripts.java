package dev.taskfleet.producer.progress;

import java.util.List;
import java.util.Random;

/**
 * Several batches' records ({@link BatchLedgerTest#script}), each batch's in its own order, the
 * batches interleaved at random: what a tracker reading many partitions meets.
 */
final class InterleavedScripts {

    private final List<List<Object>> scripts;
    private final Random random;

    InterleavedScripts(List<List<Object>> scripts, Random random) {
        this.scripts = scripts;
        this.random = random;
    }

    /** The next record of a batch drawn at random, or {@code null} once every batch's are used up. */
    Object next() {
        while (scripts.stream().anyMatch(list -> !list.isEmpty())) {
            List<Object> script = scripts.get(random.nextInt(scripts.size()));
            if (!script.isEmpty()) {
                return script.remove(0);
            }
        }
        return null;
    }
}
