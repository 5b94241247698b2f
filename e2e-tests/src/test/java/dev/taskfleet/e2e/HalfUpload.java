package dev.taskfleet.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * An upload body that sends its first part and then stops until {@link #carryOn()}: while it
 * waits, the server has read the first part and is waiting for the rest, so a fault injected then
 * lands inside the upload, not before or after it. A read returns what is there without waiting
 * to fill the caller's buffer, as a pipe's does, so the first part goes out before the wait; it
 * must be larger than what the server buffers before it reads a body as it arrives.
 */
final class HalfUpload extends InputStream {

    private final InputStream first;
    private final InputStream rest;
    private final CountDownLatch carryOn = new CountDownLatch(1);

    HalfUpload(byte[] first, byte[] rest) {
        this.first = new ByteArrayInputStream(first);
        this.rest = new ByteArrayInputStream(rest);
    }

    /** Lets the rest of the body go. */
    void carryOn() {
        carryOn.countDown();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Never mixes the two parts in one read, so the first is sent whole before the wait. */
    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = first.read(buffer, offset, length);
        if (read >= 0) {
            return read;
        }
        try {
            carryOn.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted before the rest of the body", e);
        }
        return rest.read(buffer, offset, length);
    }
}
