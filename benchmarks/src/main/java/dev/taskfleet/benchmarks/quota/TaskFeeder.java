package dev.taskfleet.benchmarks.quota;

import dev.taskfleet.benchmarks.BenchFleet;
import dev.taskfleet.benchmarks.TaskBatch;
import dev.taskfleet.launcher.client.BatchClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the tier's backlog from emptying without piling up hours of it: every second, when fewer
 * than {@code lead} submitted tasks are still without an admitted call, submits another batch of
 * {@code lead}. Admitted calls are the provider's count, so the backlog it sees includes the tasks
 * the workers hold while they wait for their rate limiter.
 */
final class TaskFeeder implements AutoCloseable {

    /** One submitted batch: its id and its tasks' ids. */
    record Batch(String id, Set<String> taskIds) {
    }

    private final BatchClient client;
    private final ProviderLedger ledger;
    private final String idPrefix;
    private final int lead;
    private final List<Batch> batches = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "quota-feeder");
        thread.setDaemon(true);
        return thread;
    });
    /* Guarded by this. */
    private long submitted;
    private RuntimeException failure;

    TaskFeeder(BatchClient client, ProviderLedger ledger, String idPrefix, int lead) {
        this.client = client;
        this.ledger = ledger;
        this.idPrefix = idPrefix;
        this.lead = lead;
    }

    /** Submits the first batch now, then tops up every second until {@link #close()}. */
    void start() {
        topUp();
        timer.scheduleWithFixedDelay(() -> {
            try {
                topUp();
            } catch (RuntimeException e) {
                synchronized (this) {
                    failure = e;
                }
                throw e;
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    private void topUp() {
        long waiting;
        synchronized (this) {
            waiting = submitted - ledger.total().admitted();
        }
        if (waiting >= lead) {
            return;
        }
        String prefix;
        synchronized (this) {
            prefix = idPrefix + "-" + (batches.size() + 1);
        }
        String id = BenchFleet.submit(client, TaskBatch.jsonl(prefix, lead), lead);
        synchronized (this) {
            batches.add(new Batch(id, TaskBatch.ids(prefix, lead)));
            submitted += lead;
        }
    }

    /** Tasks submitted but without an admitted call yet. */
    synchronized long waiting() {
        return submitted - ledger.total().admitted();
    }

    /** Stops topping up and returns every batch submitted. @throws IllegalStateException if a top-up failed */
    List<Batch> stop() throws InterruptedException {
        // Not shutdownNow: interrupting a top-up in the middle of its upload would fail it, and
        // the run with it. A top-up under way finishes (its batch is cancelled with the rest).
        timer.shutdown();
        if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a top-up did not end within 30 s");
        }
        synchronized (this) {
            if (failure != null) {
                throw new IllegalStateException("topping up the backlog failed", failure);
            }
            return List.copyOf(batches);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
