package dev.taskfleet.producer.tracking;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One replica's batch tracking at one moment: its ledger's {@linkplain
 * dev.taskfleet.producer.progress.BatchLedger#snapshot() snapshot} and, for every partition of
 * {@code batches} and {@code results}, the offset it had read up to. A replica that takes it over
 * holds what it would hold had it read every record below those offsets, and reads on from them.
 *
 * @param generation names this checkpoint among all replicas' ({@code <writer>-<sequence>})
 * @param writtenAt  when it was taken
 * @param positions  the next offset to read, per partition
 * @param ledger     the ledger's snapshot
 */
record TrackerCheckpoint(String generation, Instant writtenAt, Map<TopicPartition, Long> positions, byte[] ledger) {

    private static final int VERSION = 1;

    TrackerCheckpoint {
        positions = Map.copyOf(positions);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ledger.length + 64 + positions.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeUTF(generation);
            out.writeLong(writtenAt.toEpochMilli());
            out.writeInt(positions.size());
            for (Map.Entry<TopicPartition, Long> position : positions.entrySet()) {
                out.writeUTF(position.getKey().topic());
                out.writeInt(position.getKey().partition());
                out.writeLong(position.getValue());
            }
            out.writeInt(ledger.length);
            out.write(ledger);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    static TrackerCheckpoint decode(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("a checkpoint of version " + version + "; this build reads version " + VERSION);
        }
        String generation = in.readUTF();
        Instant writtenAt = Instant.ofEpochMilli(in.readLong());
        int count = in.readInt();
        if (count < 0 || count > 1_000_000) {
            throw new IOException("a checkpoint with " + count + " positions");
        }
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (int i = 0; i < count; i++) {
            positions.put(new TopicPartition(in.readUTF(), in.readInt()), in.readLong());
        }
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("a checkpoint whose ledger is cut short");
        }
        byte[] ledger = in.readNBytes(length);
        return new TrackerCheckpoint(generation, writtenAt, positions, ledger);
    }
}
