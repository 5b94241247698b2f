package dev.taskfleet.contract;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The de-duplication rule for results: the first result read for a {@link TaskResult#dedupKey()}
 * (task id and run) is the final one, and any later copy is dropped. Results are keyed by task id,
 * so every copy of one task's result lands on the same partition in publication order, and every
 * reader, on any replica, picks the same first copy.
 *
 * <p>Thread-safe. Holds one key per run seen; a reader that needs a bound scopes one instance to
 * a batch.
 */
public final class FinalResults {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** {@code true} when this is the first result of its task run, {@code false} for a duplicate. */
    public boolean isFirst(TaskResult result) {
        return seen.add(result.dedupKey());
    }

    /** Distinct task runs seen so far. */
    public int size() {
        return seen.size();
    }
}
