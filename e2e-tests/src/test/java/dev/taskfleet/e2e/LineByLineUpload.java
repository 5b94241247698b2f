package dev.taskfleet.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * An upload body that sends its lines only as the test lets them go ({@link #release(int)}), one
 * read per line: the producer publishes each as it arrives, so the router forwards a stream of
 * small transactions that the test paces, instead of one burst it may finish between two looks.
 */
final class LineByLineUpload extends InputStream {

    private final List<byte[]> lines;
    private final Semaphore released = new Semaphore(0);
    private int next;
    private int offsetInLine;

    LineByLineUpload(List<String> lines) {
        this.lines = lines.stream().map(line -> (line + "\n").getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Lets up to {@code count} more lines go. */
    void release(int count) {
        released.release(count);
    }

    /** Lets every line left go. */
    void releaseAll() {
        released.release(lines.size());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Never more than the rest of one line per read, and a new line only once it is released. */
    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (next == lines.size()) {
            return -1;
        }
        if (offsetInLine == 0) {
            try {
                released.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted before line " + next + " of the body", e);
            }
        }
        byte[] line = lines.get(next);
        int read = Math.min(length, line.length - offsetInLine);
        System.arraycopy(line, offsetInLine, buffer, offset, read);
        offsetInLine += read;
        if (offsetInLine == line.length) {
            next++;
            offsetInLine = 0;
        }
        return read;
    }
}
