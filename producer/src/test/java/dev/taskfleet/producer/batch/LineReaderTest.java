package dev.taskfleet.producer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** Hands out one byte per read, the worst a network stream can do. */
    private static InputStream trickle(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(1, len));
            }
        };
    }

    private static List<String> lines(InputStream in, int max) throws IOException {
        LineReader reader = new LineReader(in, max);
        List<String> lines = new ArrayList<>();
        while (reader.next()) {
            lines.add(reader.lineNumber() + ":" + (reader.tooLong() ? "<too long>"
                    : new String(reader.bytes(), 0, reader.length(), StandardCharsets.UTF_8)));
        }
        return lines;
    }

    @Test
    void splitsOnNewlinesWhateverTheReadSizes() throws IOException {
        assertThat(lines(trickle("ab\r\n\nc é\nlast"), 100)).containsExactly("1:ab", "2:", "3:c é", "4:last");
    }

    @Test
    void flagsLinesOverTheLimitWithoutKeepingThem() throws IOException {
        assertThat(lines(trickle("12345\n123456\n1234567890123\nok\n"), 6))
                .containsExactly("1:12345", "2:123456", "3:<too long>", "4:ok");
    }

    @Test
    void readsLinesLongerThanItsChunk() throws IOException {
        String big = "y".repeat(200_000);
        assertThat(lines(new ByteArrayInputStream((big + "\nz").getBytes(StandardCharsets.UTF_8)), 300_000))
                .containsExactly("1:" + big, "2:z");
    }
}
