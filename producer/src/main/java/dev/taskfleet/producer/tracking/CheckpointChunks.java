package dev.taskfleet.producer.tracking;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checkpoint travels as chunks, each well under a broker's default record size limit: value
 * {@code int magic, UTF generation, int index, int count, int length, bytes}. A reader
 * {@linkplain Assembler assembles} them and keeps the newest generation whose every chunk it
 * read, so a writer that died halfway leaves nothing a reader would take.
 */
final class CheckpointChunks {

    /** Bytes of checkpoint per chunk: a quarter of Kafka's default {@code max.message.bytes}. */
    static final int CHUNK_BYTES = 256 * 1024;
    /** Chunks of one checkpoint at most (1 GiB): more is not a checkpoint this build wrote. */
    static final int MAX_CHUNKS = 4096;
    /** Checkpoints read whole that a reader keeps, newest last, in case the newest cannot be used. */
    static final int KEPT = 3;
    private static final int MAGIC = 0x54464331;

    private CheckpointChunks() {
    }

    /** The encoded checkpoint {@code encoded} of {@code generation} cut into chunk values. */
    static List<byte[]> split(String generation, byte[] encoded, int chunkBytes) {
        int count = Math.max(1, (encoded.length + chunkBytes - 1) / chunkBytes);
        if (count > MAX_CHUNKS) {
            throw new IllegalArgumentException("a checkpoint of " + encoded.length + " bytes is over " + MAX_CHUNKS
                    + " chunks");
        }
        List<byte[]> chunks = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            int from = index * chunkBytes;
            int length = Math.min(chunkBytes, encoded.length - from);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(length + generation.length() + 32);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(MAGIC);
                out.writeUTF(generation);
                out.writeInt(index);
                out.writeInt(count);
                out.writeInt(length);
                out.write(encoded, from, length);
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory failed", e);
            }
            chunks.add(bytes.toByteArray());
        }
        return chunks;
    }

    /** Collects chunks in the order they were read; not thread-safe. */
    static final class Assembler {

        private final Map<String, byte[][]> incomplete = new HashMap<>();
        private final Deque<byte[]> whole = new ArrayDeque<>();
        private String newestGeneration;
        private long damaged;

        /** Adds one chunk value; a value that is not a chunk is counted and ignored. */
        void add(byte[] value) {
            if (value == null) {
                return;
            }
            String generation;
            int index;
            int count;
            byte[] part;
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
                if (in.readInt() != MAGIC) {
                    throw new IOException("not a checkpoint chunk");
                }
                generation = in.readUTF();
                index = in.readInt();
                count = in.readInt();
                int length = in.readInt();
                if (count < 1 || count > MAX_CHUNKS || index < 0 || index >= count || length < 0
                        || length != in.available()) {
                    throw new IOException("chunk " + index + " of " + count + " with " + length + " bytes");
                }
                part = in.readNBytes(length);
            } catch (IOException e) {
                damaged++;
                return;
            }
            byte[][] parts = incomplete.computeIfAbsent(generation, g -> new byte[count][]);
            if (parts.length != count) {
                damaged++;
                return;
            }
            parts[index] = part;
            if (Arrays.stream(parts).allMatch(p -> p != null)) {
                incomplete.remove(generation);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (byte[] p : parts) {
                    bytes.writeBytes(p);
                }
                whole.addLast(bytes.toByteArray());
                if (whole.size() > KEPT) {
                    whole.removeFirst();
                }
                newestGeneration = generation;
            }
        }

        /** The newest generation read whole, as its encoded checkpoint. */
        Optional<byte[]> newest() {
            return Optional.ofNullable(whole.peekLast());
        }

        /** The last {@value #KEPT} generations read whole, newest first. */
        List<byte[]> newestFirst() {
            List<byte[]> out = new ArrayList<>(whole);
            Collections.reverse(out);
            return out;
        }

        String newestGeneration() {
            return newestGeneration;
        }

        /** Values that were not chunks of a checkpoint. */
        long damaged() {
            return damaged;
        }
    }
}
