package dev.taskfleet.producer.tracking;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.common.TopicPartition;

/**
 * One replica's batch tracking at one moment: its ledger's {@linkplain
 * dev.taskfleet.producer.progress.BatchLedger#snapshot() snapshot} and, for every partition of
 * {@code batches} and {@code results}, the offset it had read up to. A replica that takes it over
 * holds what it would hold had it read every record below those offsets, and reads on from them.
 *
 * @param generation names this checkpoint among all replicas' ({@code <writer>-<sequence>})
 * @param writtenAt  when it was taken
 * @param topicIds   the ids Kafka gave the positioned topics (a topic deleted and made anew under the
 *                   same name has a new one, and the checkpoint says nothing of it)
 * @param positions  the next offset to read, per partition
 * @param ledger     the ledger's snapshot
 */
record TrackerCheckpoint(String generation, Instant writtenAt, Map<String, String> topicIds,
        Map<TopicPartition, Long> positions, byte[] ledger) {

    private static final int VERSION = 1;

    TrackerCheckpoint {
        topicIds = Map.copyOf(topicIds);
        positions = Map.copyOf(positions);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ledger.length + 64 + positions.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeUTF(generation);
            out.writeLong(writtenAt.toEpochMilli());
            out.writeInt(topicIds.size());
            for (Map.Entry<String, String> topic : topicIds.entrySet()) {
                out.writeUTF(topic.getKey());
                out.writeUTF(topic.getValue());
            }
            out.writeInt(positions.size());
            for (Map.Entry<TopicPartition, Long> position : positions.entrySet()) {
                out.writeUTF(position.getKey().topic());
                out.writeInt(position.getKey().partition());
                out.writeLong(position.getValue());
            }
            out.writeInt(ledger.length);
            out.write(ledger);
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException for bytes that are not a whole checkpoint of this version (the CRC tells a damaged one) */
    static TrackerCheckpoint decode(byte[] encoded) throws IOException {
        if (encoded.length < Long.BYTES) {
            throw new IOException("a checkpoint of " + encoded.length + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(encoded, 0, encoded.length - Long.BYTES);
        long written = ByteBuffer.wrap(encoded, encoded.length - Long.BYTES, Long.BYTES).getLong();
        if (crc.getValue() != written) {
            throw new IOException("a checkpoint whose CRC does not match its bytes");
        }
        try {
            return decodeChecked(new DataInputStream(new ByteArrayInputStream(encoded, 0, encoded.length - Long.BYTES)));
        } catch (RuntimeException e) {
            throw new IOException("a checkpoint that does not decode: " + e.getMessage(), e);
        }
    }

    private static TrackerCheckpoint decodeChecked(DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("a checkpoint of version " + version + "; this build reads version " + VERSION);
        }
        String generation = in.readUTF();
        Instant writtenAt = Instant.ofEpochMilli(in.readLong());
        int topics = in.readInt();
        if (topics < 0 || topics > 1_000) {
            throw new IOException("a checkpoint with " + topics + " topics");
        }
        Map<String, String> topicIds = new HashMap<>();
        for (int i = 0; i < topics; i++) {
            topicIds.put(in.readUTF(), in.readUTF());
        }
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
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes after the end of a checkpoint");
        }
        return new TrackerCheckpoint(generation, writtenAt, topicIds, positions, ledger);
    }
}
