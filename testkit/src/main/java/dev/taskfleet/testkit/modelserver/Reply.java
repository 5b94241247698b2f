package dev.taskfleet.testkit.modelserver;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One scripted answer: a status, a JSON body and headers, sent after {@code delay}; or, when
 * {@code dropsConnection}, no answer at all, the connection closed after {@code delay} before a
 * byte of a response. Provider classes such as {@link OpenAiChat} build the bodies their API sends.
 */
public record Reply(int status, String body, Map<String, String> headers, Duration delay, boolean dropsConnection) {

    public Reply {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(delay, "delay");
    }

    /** {@code status} with a JSON body, at once. */
    public static Reply json(int status, String body) {
        return new Reply(status, body, Map.of(), Duration.ZERO, false);
    }

    /** Closes the connection without answering, as a crashing server or a cut network does. */
    public static Reply dropConnection() {
        return new Reply(0, "", Map.of(), Duration.ZERO, true);
    }

    /** The same reply, sent (or dropped) after {@code delay}. */
    public Reply after(Duration delay) {
        return new Reply(status, body, headers, delay, dropsConnection);
    }

    /** The same reply with one more response header, e.g. {@code Retry-After}. */
    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, body, more, delay, dropsConnection);
    }
}
