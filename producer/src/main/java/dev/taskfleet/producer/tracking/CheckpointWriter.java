package dev.taskfleet.producer.tracking;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Writes one replica's checkpoints to {@code <prefix>.tracker-checkpoints}, on a thread of its
 * own so the tracker never waits for the broker. Chunks are keyed {@code <writer>/<slot>/<index>}
 * and the slot alternates between {@code a} and {@code b} after each checkpoint written whole: the
 * topic is compacted, so a checkpoint cut off halfway can only replace chunks of its own slot,
 * never those of the last whole one. A checkpoint offered while one is being written is dropped
 * (the next one is due soon, and is newer).
 */
final class CheckpointWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CheckpointWriter.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String writerId;
    private final Consumer<Boolean> outcome;
    private final ExecutorService thread;
    private final AtomicBoolean busy = new AtomicBoolean();
    private long sequence;
    private boolean slotB;

    /**
     * @param outcome told {@code true} for each checkpoint written whole, {@code false} for one that failed
     */
    CheckpointWriter(Producer<byte[], byte[]> producer, String topic, String writerId, Consumer<Boolean> outcome) {
        this.producer = producer;
        this.topic = topic;
        this.writerId = writerId;
        this.outcome = outcome;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tracker-checkpoint-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** The generation name of the next checkpoint; called on the tracker's thread. */
    synchronized String nextGeneration() {
        return writerId + "-" + (++sequence);
    }

    /** Whether no checkpoint is being written: one offered now would be taken. */
    boolean idle() {
        return !busy.get();
    }

    /** Writes {@code checkpoint} in the background unless one is being written; {@code false} if dropped. */
    boolean offer(TrackerCheckpoint checkpoint) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            thread.execute(() -> {
                try {
                    write(checkpoint);
                } finally {
                    busy.set(false);
                }
            });
            return true;
        } catch (RejectedExecutionException closed) {
            busy.set(false);
            return false;
        }
    }

    /** Writes {@code checkpoint} now, after any write in progress; {@code false} if it did not finish in time. */
    boolean writeNow(TrackerCheckpoint checkpoint, Duration timeout) {
        Future<?> done;
        try {
            done = thread.submit(() -> write(checkpoint));
        } catch (RejectedExecutionException closed) {
            return false;
        }
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private void write(TrackerCheckpoint checkpoint) {
        long started = System.nanoTime();
        byte[] encoded = checkpoint.encode();
        List<byte[]> chunks = CheckpointChunks.split(checkpoint.generation(), encoded, CheckpointChunks.CHUNK_BYTES);
        String slot = slotB ? "b" : "a";
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>(chunks.size());
            for (int index = 0; index < chunks.size(); index++) {
                byte[] key = (writerId + "/" + slot + "/" + index).getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(topic, 0, key, chunks.get(index))));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
            slotB = !slotB;
            outcome.accept(true);
            LOG.debugf("checkpoint %s written: %d bytes in %d chunks in %d ms", checkpoint.generation(), encoded.length,
                    chunks.size(), (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome.accept(false);
        } catch (Exception e) {
            // The previous checkpoint stays whole in the other slot; the next one retries this slot.
            outcome.accept(false);
            LOG.warnf("checkpoint %s of the batch tracker not written (the next one is tried at the next interval): %s",
                    checkpoint.generation(), e.getMessage());
        }
    }

    /** Waits up to {@code timeout} for a write in progress, then closes the producer. */
    void close(Duration timeout) {
        thread.shutdown();
        try {
            thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
