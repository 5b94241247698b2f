package dev.taskfleet.producer.batch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read from the request body and stops at the byte limit, so an oversized
 * batch is refused after reading just past the limit rather than after reading all of it.
 */
final class CountingInputStream extends FilterInputStream {

    private final long maxBytes;
    private long count;

    CountingInputStream(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        add(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void add(long n) {
        count += n;
        if (count > maxBytes) {
            throw new BatchTooLargeException(BatchTooLargeException.Limit.BYTES, maxBytes);
        }
    }
}
