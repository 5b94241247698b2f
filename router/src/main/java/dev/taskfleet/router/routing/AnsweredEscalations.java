package dev.taskfleet.router.routing;

import dev.taskfleet.contract.EscalationRequest;
import java.util.HashSet;
import java.util.Set;

/**
 * The escalation requests this router has answered, so that a repeated request is dropped rather
 * than placing the task twice. Workers publish at least once: a worker killed after sending a
 * request but before committing its offset runs the placement again elsewhere and sends the same
 * request again. Answering both would run the task twice on the higher tier and count it twice in
 * the batch's per-tier totals.
 *
 * <p>A request is identified by batch, task, run and the placement that failed; a placement fails
 * at most once, so a second request for it is a repeat. Requests of one task share its partition of
 * {@code <prefix>.escalations}, so the router that answered the first sees the repeat, unless that
 * partition moved to another router (rebalance, restart) in between: this memory is per instance
 * and not rebuilt, and then the repeat is answered again.
 *
 * <p>What a transaction claims becomes part of the memory only when it commits ({@link Claims#commit()}):
 * an aborted transaction's requests are read again and must be answered again. Memory is bounded:
 * two generations of {@code generationSize} entries each (about 100 bytes per entry); the older is
 * dropped when the newer fills, long after any repeat could still arrive.
 *
 * <p>Not thread-safe: the forwarding loop's thread only.
 */
public final class AnsweredEscalations {

    /** Entries per generation: 50,000 escalations between a request and its repeat is far beyond any real gap. */
    public static final int DEFAULT_GENERATION_SIZE = 50_000;

    private final int generationSize;
    private Set<String> current = new HashSet<>();
    private Set<String> previous = new HashSet<>();

    public AnsweredEscalations() {
        this(DEFAULT_GENERATION_SIZE);
    }

    /** With a smaller memory, so tests can see generations turn over. */
    public AnsweredEscalations(int generationSize) {
        if (generationSize < 1) {
            throw new IllegalArgumentException("generationSize must be at least 1, was " + generationSize);
        }
        this.generationSize = generationSize;
    }

    /** The claims of one transaction. */
    public Claims begin() {
        return new Claims();
    }

    private boolean answered(String key) {
        return current.contains(key) || previous.contains(key);
    }

    private void remember(String key) {
        if (current.size() >= generationSize) {
            previous = current;
            current = new HashSet<>();
        }
        current.add(key);
    }

    private static String key(EscalationRequest request) {
        // NUL cannot occur in ids (the validator restricts them), so the parts cannot run together.
        return request.task().batchId() + '\0' + request.task().id() + '\0' + request.task().run() + '\0'
                + request.routed().attempt();
    }

    /** The requests one transaction answers; forgotten unless {@link #commit()} is called. */
    public final class Claims {

        private final Set<String> pending = new HashSet<>();

        private Claims() {
        }

        /**
         * Claims the answer to {@code request}.
         *
         * @return {@code false} when the request repeats one already answered (in a committed
         *         transaction or earlier in this one)
         */
        public boolean claim(EscalationRequest request) {
            String key = key(request);
            return !answered(key) && pending.add(key);
        }

        /** The transaction committed: its answers are remembered. */
        public void commit() {
            pending.forEach(AnsweredEscalations.this::remember);
            pending.clear();
        }
    }
}
