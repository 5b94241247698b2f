package dev.taskfleet.producer.progress;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;

/**
 * The binary form of a {@link BatchLedger}'s state: what it learnt from the records it has applied,
 * so that a new replica can take it over instead of applying them all again. Compact rather than
 * readable: a checkpoint holds every batch the results topic retains and the slot of every task
 * still running.
 *
 * <pre>
 * int     magic "TFL1", int version
 * int     tier count, then each tier's name in index order (index 0: "unknown")
 * int     batch count, then each batch ({@link BatchProgress#writeTo})
 * ...     the teams' spend ({@link TeamSpend#writeTo})
 * </pre>
 *
 * What waits at a provider is not in it: {@code <prefix>.provider-batches} is compacted and read
 * whole by every replica anyway.
 */
final class LedgerSnapshot {

    static final int MAGIC = 0x54464C31;
    /**
     * 2: each batch has its accepted tasks per priority class. 3: each counted result has its task's
     * class too, so a team's queued work can be told apart per class. A replica ignores a snapshot of
     * another version and reads the whole history, which also gives it the classes of the older batches.
     */
    static final int VERSION = 3;
    /** No list in a snapshot is longer: a count above it means the bytes are not a snapshot. */
    private static final int MAX_COUNT = 1 << 28;

    private LedgerSnapshot() {
    }

    static void writeInstant(DataOutput out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    static Instant readInstant(DataInput in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    static void writeNullableString(DataOutput out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    static String readNullableString(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    static int readCount(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_COUNT) {
            throw new IOException("a count of " + count + " in a ledger snapshot: the bytes are damaged");
        }
        return count;
    }
}
