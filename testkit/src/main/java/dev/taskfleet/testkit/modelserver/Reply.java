package dev.taskfleet.testkit.modelserver;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One scripted answer: a status, a JSON body and headers, sent after {@code delay}; or, when
 * {@code dropsConnection}, no answer at all, the connection closed after {@code delay} before a
 * byte of a response; or, when {@code cutsMidBody}, the status, the headers (announcing the whole
 * body's length) and the first half of the body, then the connection closed, as a server that
 * crashes or a proxy that resets while streaming an answer does. Provider classes such as
 * {@link OpenAiChat} build the bodies their API sends.
 */
public record Reply(int status, String body, Map<String, String> headers, Duration delay, boolean dropsConnection,
        boolean cutsMidBody) {

    public Reply {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(delay, "delay");
    }

    /** {@code status} with a JSON body, at once. */
    public static Reply json(int status, String body) {
        return new Reply(status, body, Map.of(), Duration.ZERO, false, false);
    }

    /** Closes the connection without answering, as a crashing server or a cut network does. */
    public static Reply dropConnection() {
        return new Reply(0, "", Map.of(), Duration.ZERO, true, false);
    }

    /** The same reply, sent (or dropped) after {@code delay}. */
    public Reply after(Duration delay) {
        return new Reply(status, body, headers, delay, dropsConnection, cutsMidBody);
    }

    /** The same reply with one more response header, e.g. {@code Retry-After}. */
    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, body, more, delay, dropsConnection, cutsMidBody);
    }

    /** The same reply, broken off halfway through its body: the connection closes mid-answer. */
    public Reply cutMidBody() {
        if (body.length() < 2) {
            throw new IllegalStateException("a reply needs a body of at least two characters to be cut in the middle");
        }
        return new Reply(status, body, headers, delay, dropsConnection, true);
    }
}
