package dev.taskfleet.launcher.client;

import java.io.FilterInputStream;
import java.io.InputStream;

/** Hands a caller's stream to the HTTP client, which closes what it reads; the caller owns it. */
final class UnclosedInputStream extends FilterInputStream {

    UnclosedInputStream(InputStream in) {
        super(in);
    }

    @Override
    public void close() {
        // The caller closes the underlying stream.
    }
}
