package dev.taskfleet.producer.batch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it: Jackson parses each line's UTF-8 bytes
 * directly. A line longer than the limit is skipped to its end and flagged rather than
 * buffered, so one endless line cannot exhaust memory.
 *
 * <p>Lines end with {@code \n}; a trailing {@code \r} is dropped. Not thread-safe.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[4 * 1024];
    private int lineLength;
    private boolean tooLong;
    private long lineNumber;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Moves to the next line; {@code false} at the end of the input. */
    boolean next() throws IOException {
        lineLength = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                int n = in.read(chunk);
                if (n < 0) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
                chunkPos = 0;
                chunkEnd = n;
                continue;
            }
            any = true;
            int newline = indexOfNewline();
            int end = newline < 0 ? chunkEnd : newline;
            append(chunkPos, end - chunkPos);
            if (newline >= 0) {
                chunkPos = newline + 1;
                break;
            }
            chunkPos = chunkEnd;
        }
        lineNumber++;
        if (!tooLong && lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        return true;
    }

    /** 1-based number of the current line. */
    long lineNumber() {
        return lineNumber;
    }

    /** Whether the current line was longer than the limit (its bytes are then not available). */
    boolean tooLong() {
        return tooLong;
    }

    /** The current line's bytes, valid up to {@link #length()} until the next call to {@link #next()}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return lineLength;
    }

    boolean isBlank() {
        for (int i = 0; i < lineLength; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private int indexOfNewline() {
        for (int i = chunkPos; i < chunkEnd; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int count) {
        if (tooLong || count == 0) {
            return;
        }
        if (lineLength + count > maxLineBytes) {
            tooLong = true;
            lineLength = 0;
            return;
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + count)));
        }
        System.arraycopy(chunk, from, line, lineLength, count);
        lineLength += count;
    }
}
